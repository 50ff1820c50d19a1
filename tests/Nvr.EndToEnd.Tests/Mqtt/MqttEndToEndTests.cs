using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Mqtt;

/// <summary>
/// The published nvr publishing to a real Mosquitto (and, last, its embedded broker), read with
/// mosquitto_sub the way Home Assistant would read it.
/// </summary>
public sealed class MqttEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static NvrConfig Config(Mosquitto? broker, FakeCamera? camera, Action<JsonObject>? more = null) => new(json =>
    {
        if (broker is not null)
        {
            json["Mqtt"] = new JsonObject
            {
                ["Host"] = broker.Host, ["Port"] = broker.Port, ["MotionOffDelaySeconds"] = 1, ["StatsIntervalSeconds"] = 2,
                ["ReconnectMaxDelaySeconds"] = 1,
            };
        }
        json["Cameras"] = new JsonArray(new JsonObject
        {
            ["Id"] = "cam", ["Url"] = camera?.Url(withCredentials: false) ?? "rtsp://127.0.0.1:9/none", ["Transport"] = "tcp",
        });
        more?.Invoke(json);
    });

    private static Task<string> Line(TestProcess sub, string line, long from = 0, TimeSpan? timeout = null) =>
        sub.WaitForLineAsync(l => l == line, timeout ?? Wait, line, from);

    [Fact]
    public async Task Availability_is_online_at_start_and_offline_after_sigterm_and_after_sigkill()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var config = Config(broker, null);
        await using var sub = await broker.SubscribeAsync("nvr/available");

        foreach (var signal in new[] { NvrProcess.SIGTERM, NvrProcess.SIGKILL })
        {
            long from = sub.LineCount;
            await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
            await Line(sub, "nvr/available online", from);
            from = sub.LineCount;
            nvr.Signal(signal);
            // SIGTERM: published on clean shutdown; SIGKILL: the broker's last will.
            await Line(sub, "nvr/available offline", from);
            await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Camera_kill_and_restart_flips_status_with_matching_events()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240, Audio = CameraAudio.None });
        using var config = Config(broker, camera);
        await using var status = await broker.SubscribeAsync("nvr/cam/status");
        await using var events = await broker.SubscribeAsync("nvr/events");
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);

        await Line(status, "nvr/cam/status online");
        camera.Kill();
        await Line(status, "nvr/cam/status offline");
        var offline = await events.WaitForLineAsync(l => l.Contains("\"camera_offline\"") && l.Contains("\"type\":\"new\""), Wait, "offline event");
        await camera.RestartAsync();
        await Line(status, "nvr/cam/status online", status.LineCount - 1);
        var back = await events.WaitForLineAsync(l => l.Contains("\"camera_offline\"") && l.Contains("\"type\":\"end\""), Wait, "offline end event");

        var newEvent = JsonDocument.Parse(offline["nvr/events ".Length..]).RootElement;
        var endEvent = JsonDocument.Parse(back["nvr/events ".Length..]).RootElement;
        Assert.Equal("cam", newEvent.GetProperty("camera").GetString());
        Assert.Equal(newEvent.GetProperty("id").GetString(), endEvent.GetProperty("id").GetString());
        Assert.NotEqual(JsonValueKind.Null, endEvent.GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task Posted_event_turns_motion_on_then_off_after_the_off_delay_and_is_stored()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var config = Config(broker, null);
        await using var motion = await broker.SubscribeAsync("nvr/cam/motion");
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = config.CreateHttpClient();
        await Line(motion, "nvr/cam/motion OFF");

        long from = motion.LineCount;
        var clock = Stopwatch.StartNew();
        using var posted = await http.PostAsJsonAsync("api/cameras/cam/events", new { kind = "motion", duration = 0.5, data = new { source = "door" } });
        Assert.Equal(201, (int)posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Line(motion, "nvr/cam/motion ON", from);
        await Line(motion, "nvr/cam/motion OFF", from);
        output.WriteLine($"motion OFF {clock.ElapsedMilliseconds} ms after POST (duration 0.5 s + off-delay 1 s)");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), "OFF came before duration + off-delay");

        var stored = await http.GetFromJsonAsync<JsonElement>("api/events?camera=cam");
        var e = stored.EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        Assert.Equal("motion", e.GetProperty("kind").GetString());
        Assert.NotEqual(JsonValueKind.Null, e.GetProperty("end").ValueKind);

        // Validation: unknown camera and bad kinds are refused.
        Assert.Equal(404, (int)(await http.PostAsJsonAsync("api/cameras/nope/events", new { kind = "motion" })).StatusCode);
        Assert.Equal(400, (int)(await http.PostAsJsonAsync("api/cameras/cam/events", new { kind = "Bad Kind!" })).StatusCode);
    }

    [Fact]
    public async Task Recording_command_switches_recording_and_the_state_topic_answers()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var config = Config(broker, null);
        await using var state = await broker.SubscribeAsync("nvr/cam/recording");
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = config.CreateHttpClient();
        await Line(state, "nvr/cam/recording ON");

        long from = state.LineCount;
        await broker.PublishAsync("nvr/cam/recording/set", "OFF", qos: 1);
        await Line(state, "nvr/cam/recording OFF", from);
        from = state.LineCount;
        using var on = await http.PostAsJsonAsync("api/cameras/cam/recording", new { enabled = true });
        Assert.True(on.IsSuccessStatusCode);
        await Line(state, "nvr/cam/recording ON", from);
    }

    [Fact]
    public async Task Discovery_is_valid_and_reannounced_within_2s_of_home_assistant_coming_online()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var config = Config(broker, null);
        await using var discovery = await broker.SubscribeAsync("homeassistant/#");
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = config.CreateHttpClient();

        await discovery.WaitForLineAsync(l => l.Contains("_motion/config "), Wait, "motion config");
        await WaitFor.ConditionAsync(() => Task.FromResult(discovery.Lines.Count(l => l.Text.EndsWith("}", StringComparison.Ordinal)) >= 6), Wait, "discovery configs");
        var configs = discovery.Lines.Select(l => l.Text).Where(l => l.Contains("/config {", StringComparison.Ordinal)).ToList();
        var ids = new HashSet<string>();
        foreach (var line in configs)
        {
            var json = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]).RootElement;
            Assert.True(ids.Add(json.GetProperty("unique_id").GetString()!), "unique ids are unique");
            var device = json.GetProperty("device");
            Assert.True(device.GetProperty("identifiers").GetArrayLength() > 0);
            Assert.False(string.IsNullOrEmpty(device.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(device.GetProperty("sw_version").GetString()));
        }
        Assert.Contains(configs, l => l.StartsWith("homeassistant/binary_sensor/", StringComparison.Ordinal) && l.Contains("\"device_class\":\"motion\""));
        Assert.Contains(configs, l => l.StartsWith("homeassistant/switch/", StringComparison.Ordinal));

        long from = discovery.LineCount;
        var clock = Stopwatch.StartNew();
        await broker.PublishAsync("homeassistant/status", "online");
        await discovery.WaitForLineAsync(l => l.Contains("/config {"), TimeSpan.FromSeconds(2), "re-announce within 2 s", from);
        output.WriteLine($"re-announced {clock.ElapsedMilliseconds} ms after homeassistant/status online");
    }

    [Fact]
    public async Task Broker_restart_reconnects_and_retained_state_is_back_within_5s()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var config = Config(broker, null);
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/available", Wait)).Trim());

        await broker.StopAsync();
        await broker.RestartAsync(); // same port, no persistence: the broker has forgotten everything
        var clock = Stopwatch.StartNew();
        Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/available", TimeSpan.FromSeconds(5))).Trim());
        Assert.Equal("offline", (await broker.ReceiveOneAsync("nvr/cam/status", TimeSpan.FromSeconds(5))).Trim()); // its camera is unreachable
        output.WriteLine($"retained state back {clock.ElapsedMilliseconds} ms after the broker restarted");
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Embedded_broker_needs_credentials_except_from_loopback()
    {
        await using var hosts = await NetworkNamespacePair.CreateAsync();
        const int port = 1883;
        using var config = Config(null, null, json =>
        {
            json["Mqtt"] = new JsonObject { ["Broker"] = new JsonObject { ["Port"] = port, ["BindAddress"] = "0.0.0.0" } };
            json["Users"] = new JsonArray(new JsonObject { ["Name"] = "homeassistant", ["Password"] = "correct horse" });
        });
        var (file, args) = NetworkNamespacePair.Exec(hosts.NameB, NvrBinary.PathFor(NvrBinary.HostRid), "--config", config.Path);
        await using var nvr = TestProcess.Start(file, args, new TestProcessOptions { Name = "nvr" });
        await nvr.WaitForLineContainingAsync("nvr is ready", Wait);
        // The embedded broker starts listening asynchronously, possibly after "ready".
        await nvr.WaitForLineContainingAsync("mqtt broker: listening", Wait);

        async Task<ProcessResult> Sub(string ns, string host, params string[] credentials) =>
            await ProcessRunner.RunAsync("ip", ["netns", "exec", ns, "mosquitto_sub", "-h", host, "-p", $"{port}", "-t", "nvr/available", "-v", "-C", "1", "-W", "10", "-i", $"test-{Guid.NewGuid():N}", .. credentials], TimeSpan.FromSeconds(20));

        // From another host with credentials: accepted, sees nvr's retained topics.
        var withCredentials = await Sub(hosts.NameA, hosts.AddressB, "-u", "homeassistant", "-P", "correct horse");
        Assert.True(withCredentials.ExitCode == 0, withCredentials.StandardError);
        Assert.Contains("nvr/available online", withCredentials.StandardOutput);
        // From another host without credentials, or with wrong ones: refused.
        var anonymous = await Sub(hosts.NameA, hosts.AddressB);
        Assert.NotEqual(0, anonymous.ExitCode);
        output.WriteLine("anonymous remote: " + anonymous.StandardError.Trim());
        var wrong = await Sub(hosts.NameA, hosts.AddressB, "-u", "homeassistant", "-P", "wrong");
        Assert.NotEqual(0, wrong.ExitCode);
        // From loopback on the box itself: anonymous is allowed.
        var local = await Sub(hosts.NameB, "127.0.0.1");
        Assert.True(local.ExitCode == 0, local.StandardError);
        Assert.Contains("nvr/available online", local.StandardOutput);
        // MQTT 5 without a client id: the broker assigns one (MQTT 5 §3.1.3.1).
        var v5 = await ProcessRunner.RunAsync("ip", ["netns", "exec", hosts.NameA, "mosquitto_sub", "-V", "mqttv5", "-h", hosts.AddressB, "-p", $"{port}",
            "-t", "nvr/available", "-v", "-C", "1", "-W", "10", "-u", "homeassistant", "-P", "correct horse"], TimeSpan.FromSeconds(20));
        Assert.True(v5.ExitCode == 0, v5.StandardError);
        Assert.Contains("nvr/available online", v5.StandardOutput);
    }
}
