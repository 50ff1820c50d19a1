using System.Net;
using System.Text.Json;
using Nvr.Mqtt.Tests.Support;
using Nvr.Streaming.Events;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Mqtt.Tests;

/// <summary>The service against a real Mosquitto, observed with mosquitto_sub / driven with mosquitto_pub.</summary>
public sealed class MqttServiceMosquittoTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static MqttOptions Options(Mosquitto broker, Action<MqttOptions>? configure = null)
    {
        var options = new MqttOptions { Host = broker.Host, Port = broker.Port, ClientId = "nvr-under-test", Username = broker.Username, Password = broker.Password };
        configure?.Invoke(options);
        return options;
    }

    private static FakeStateSource Front(CameraState status = CameraState.Online) =>
        new(new MqttCameraInfo("front", "Front door") { Status = status, Reason = status == CameraState.Online ? "streaming" : "connection refused", Recording = true });

    private static Task<string> Line(TestProcess sub, string line, long from = 0, TimeSpan? timeout = null) =>
        sub.WaitForLineAsync(l => l == line, timeout ?? Deadline, $"'{line}'", from);

    private static async Task<JsonElement> EventLine(TestProcess sub, string kind, string type, long from)
    {
        var line = await sub.WaitForLineAsync(
            l => l.StartsWith("nvr/events {", StringComparison.Ordinal) && l.Contains($"\"kind\":\"{kind}\"", StringComparison.Ordinal) && l.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal),
            Deadline, $"a {type} {kind} event", from);
        return JsonDocument.Parse(line["nvr/events ".Length..]).RootElement.Clone();
    }

    [Fact]
    public async Task Available_is_online_at_start_and_offline_after_a_clean_stop()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var sub = await broker.SubscribeAsync("nvr/available");
        var host = ServiceHost.Start(Options(broker), Front(), output);
        await using (host)
        {
            await Line(sub, "nvr/available online");
            long mark = sub.LineCount;
            await host.StopAsync();
            await Line(sub, "nvr/available offline", mark);
        }

        Assert.Equal("offline", (await broker.ReceiveOneAsync("nvr/available", TimeSpan.FromSeconds(5))).Trim());
        Assert.Equal(Nvr.Mqtt.MqttConnectionState.Stopped, host.Service.Status.State);
    }

    [Fact]
    public async Task Last_will_publishes_offline_when_the_connection_drops_without_a_goodbye()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, broker.Port));
        await using var sub = await broker.SubscribeAsync("nvr/available");
        await using var host = ServiceHost.Start(Options(broker, o => o.Port = relay.Port), Front(), output);
        await Line(sub, "nvr/available online");
        long mark = sub.LineCount;

        relay.Sever(); // as if nvr were SIGKILLed: TCP reset, no DISCONNECT packet

        await Line(sub, "nvr/available offline", mark);
        await WaitFor.ConditionAsync(() => !host.Service.Status.Connected, Deadline, "the service to notice the lost connection");
        Assert.False(host.Run.IsCompleted, "a lost broker must not end the service");
        Assert.NotNull(host.Service.Status.LastError);
    }

    [Fact]
    public async Task Camera_status_flips_with_matching_events()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var sub = await broker.SubscribeAsync("nvr/#");
        await using var host = ServiceHost.Start(Options(broker), Front(), output);
        await Line(sub, "nvr/front/status online");
        await Line(sub, "nvr/front/recording ON");

        long mark = sub.LineCount;
        var t1 = DateTimeOffset.UtcNow;
        host.Bus.Publish(new CameraStateChanged(t1, "front", "main", CameraState.Offline, CameraState.Online, "connection refused"));
        await Line(sub, "nvr/front/status offline", mark);
        await Line(sub, "nvr/front/status/reason connection refused", mark);
        var opened = await EventLine(sub, "camera_offline", "new", mark);

        mark = sub.LineCount;
        host.Bus.Publish(new CameraStateChanged(t1.AddSeconds(3), "front", "main", CameraState.Online, CameraState.Offline, "streaming"));
        await Line(sub, "nvr/front/status online", mark);
        var closed = await EventLine(sub, "camera_offline", "end", mark);

        Assert.Equal(opened.GetProperty("id").GetString(), closed.GetProperty("id").GetString());
        Assert.Equal("front", closed.GetProperty("camera").GetString());
        Assert.Equal("offline", opened.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("end").ValueKind);
        Assert.Equal(t1.AddSeconds(3).ToUnixTimeMilliseconds(), closed.GetProperty("end").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Motion_goes_on_then_off_after_the_off_delay()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var sub = await broker.SubscribeAsync("nvr/#");
        await using var host = ServiceHost.Start(Options(broker, o => o.MotionOffDelaySeconds = 1), Front(), output);
        await Line(sub, "nvr/front/motion OFF");

        long mark = sub.LineCount;
        host.Bus.Publish(new MotionChanged(DateTimeOffset.UtcNow, "front", true, "onvif"));
        await Line(sub, "nvr/front/motion ON", mark);
        var started = await EventLine(sub, "motion", "new", mark);

        mark = sub.LineCount;
        host.Bus.Publish(new MotionChanged(DateTimeOffset.UtcNow, "front", false, "onvif"));
        await Line(sub, "nvr/front/motion OFF", mark);
        var ended = await EventLine(sub, "motion", "end", mark);
        Assert.Equal(started.GetProperty("id").GetString(), ended.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, ended.GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task Commands_reach_the_handler_and_retained_or_malformed_ones_do_not()
    {
        await using var broker = await Mosquitto.StartAsync();
        // A retained command left on the broker would otherwise replay at every connect.
        Assert.True((await broker.PublishAsync("nvr/front/recording/set", "OFF", retain: true, qos: 1)).Succeeded);
        var commands = new RecordingCommandHandler();
        await using var host = ServiceHost.Start(Options(broker), Front(), output, commands);
        await host.WaitConnectedAsync();
        // The service subscribes right after connecting; a line on our own subscription to the
        // same broker proves it is done (available is published after the subscription).
        await using (var sub = await broker.SubscribeAsync("nvr/available")) await Line(sub, "nvr/available online");

        Assert.True((await broker.PublishAsync("nvr/front/recording/set", "maybe", qos: 1)).Succeeded);
        Assert.True((await broker.PublishAsync("nvr/unknown-cam/recording/set", "OFF", qos: 1)).Succeeded);
        Assert.True((await broker.PublishAsync("nvr/front/recording/set", "on", qos: 1)).Succeeded);
        Assert.Equal("front recording ON", await commands.NextAsync(Deadline));
        Assert.True((await broker.PublishAsync("nvr/front/recording/set", "OFF", qos: 1)).Succeeded);
        Assert.Equal("front recording OFF", await commands.NextAsync(Deadline));
        Assert.True((await broker.PublishAsync("nvr/front/ptz", "preset_Gate", qos: 1)).Succeeded);
        Assert.Equal("front ptz PRESET_Gate", await commands.NextAsync(Deadline));
        Assert.True((await broker.PublishAsync("nvr/front/ptz", "MOVE_LEFT", qos: 1)).Succeeded);
        Assert.Equal("front ptz MOVE_LEFT", await commands.NextAsync(Deadline));
        Assert.False(commands.TryNext(out var extra), extra);
    }

    [Fact]
    public async Task Discovery_configs_are_valid_json_with_unique_ids_and_device_blocks()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var sub = await broker.SubscribeAsync("homeassistant/#");
        var state = new FakeStateSource(new MqttCameraInfo("front", "Front door"), new MqttCameraInfo("back", "Back yard"));
        await using var host = ServiceHost.Start(Options(broker), state, output, stats: new FakeStatsSource());

        var configs = new Dictionary<string, JsonElement>();
        await WaitFor.ConditionAsync(() =>
        {
            foreach (var line in sub.Lines.Select(l => l.Text).Where(l => l.StartsWith("homeassistant/", StringComparison.Ordinal)))
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                configs[line[..space]] = JsonDocument.Parse(line[(space + 1)..]).RootElement.Clone();
            }

            return configs.Count >= 2 * 5 + 3;
        }, Deadline, "13 discovery configs");

        Assert.Equal(13, configs.Count);
        Assert.Equal(13, configs.Values.Select(c => c.GetProperty("unique_id").GetString()).Distinct().Count());
        foreach (var (topic, config) in configs)
        {
            Assert.Matches("^homeassistant/(binary_sensor|switch|sensor|camera)/nvr/[A-Za-z0-9_-]+/config$", topic);
            var device = config.GetProperty("device");
            Assert.NotEmpty(device.GetProperty("identifiers").EnumerateArray());
            foreach (var key in new[] { "name", "manufacturer", "model", "sw_version", "configuration_url" })
                Assert.False(string.IsNullOrEmpty(device.GetProperty(key).GetString()), $"{topic}: device.{key}");
            Assert.Equal("nvr/available", config.GetProperty("availability")[0].GetProperty("topic").GetString());
        }

        Assert.Equal("motion", configs["homeassistant/binary_sensor/nvr/front_motion/config"].GetProperty("device_class").GetString());
        Assert.Equal("connectivity", configs["homeassistant/binary_sensor/nvr/back_connectivity/config"].GetProperty("device_class").GetString());
        Assert.Equal("nvr/front/recording/set", configs["homeassistant/switch/nvr/front_recording/config"].GetProperty("command_topic").GetString());
        Assert.Equal("nvr/back/snapshot", configs["homeassistant/camera/nvr/back_snapshot/config"].GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Home_assistant_coming_online_gets_a_fresh_announcement()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var sub = await broker.SubscribeAsync("homeassistant/+/nvr/#");
        await using var host = ServiceHost.Start(Options(broker), Front(), output);
        const string motionConfig = "'homeassistant/binary_sensor/nvr/front_motion/config'";
        await sub.WaitForLineContainingAsync(motionConfig, Deadline);

        long mark = sub.LineCount;
        Assert.True((await broker.PublishAsync("homeassistant/status", "online")).Succeeded);
        // r0: forwarded live, not a retained copy replayed to a new subscriber. The issue asks for 2 s.
        await sub.WaitForLineAsync(l => l.Contains("received PUBLISH", StringComparison.Ordinal) && l.Contains(", r0,", StringComparison.Ordinal) && l.Contains(motionConfig, StringComparison.Ordinal),
            TimeSpan.FromSeconds(2), "a re-announced motion config", mark);
    }

    [Fact]
    public async Task Broker_restart_brings_back_the_connection_and_retained_state()
    {
        await using var broker = await Mosquitto.StartAsync();
        var state = Front();
        await using var host = ServiceHost.Start(Options(broker), state, output);
        await host.WaitConnectedAsync();
        Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/front/status", TimeSpan.FromSeconds(5))).Trim());

        await broker.RestartAsync(); // no persistence: the new broker has no retained messages
        Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/available", TimeSpan.FromSeconds(5))).Trim());
        Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/front/status", TimeSpan.FromSeconds(5))).Trim());
        Assert.Equal("ON", (await broker.ReceiveOneAsync("nvr/front/recording", TimeSpan.FromSeconds(5))).Trim());
        Assert.Equal(2, host.Service.Status.Connects);
    }

    [Fact]
    public async Task Authenticates_with_configured_credentials_and_reports_refusal_without_crashing()
    {
        await using var broker = await Mosquitto.StartAsync("nvr", "s3cret");
        await using (var good = ServiceHost.Start(Options(broker), Front(), output))
        {
            await good.WaitConnectedAsync();
            Assert.Equal("online", (await broker.ReceiveOneAsync("nvr/available", TimeSpan.FromSeconds(5))).Trim());
        }

        await using var bad = ServiceHost.Start(Options(broker, o => o.Password = "wrong"), Front(), output);
        await WaitFor.ConditionAsync(() => bad.Service.Status.LastError?.Contains("refused", StringComparison.Ordinal) == true, Deadline, "the refusal to show in the status");
        Assert.Equal(Nvr.Mqtt.MqttConnectionState.Disconnected, bad.Service.Status.State);
        Assert.False(bad.Run.IsCompleted);
    }

    [Fact]
    public async Task Publishes_stats_for_the_dashboard_sensors()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var host = ServiceHost.Start(Options(broker), Front(), output, stats: new FakeStatsSource());
        var json = await broker.ReceiveOneAsync("nvr/stats", TimeSpan.FromSeconds(10));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2048.3, doc.RootElement.GetProperty("cameras").GetProperty("front").GetProperty("bitrate_kbps").GetDouble());
        Assert.Equal(75, doc.RootElement.GetProperty("disk").GetProperty("used_percent").GetDouble());
        Assert.Equal(3723, doc.RootElement.GetProperty("uptime_s").GetInt64());
    }

    [Fact]
    public async Task A_camera_removed_between_runs_has_its_topics_cleared()
    {
        await using var broker = await Mosquitto.StartAsync();
        var store = new MemoryAnnouncementStore();
        var state = new FakeStateSource(new MqttCameraInfo("front", "Front"), new MqttCameraInfo("back", "Back"));
        await using (var first = ServiceHost.Start(Options(broker), state, output, store: store))
        {
            await first.WaitConnectedAsync();
            Assert.Equal("offline", (await broker.ReceiveOneAsync("nvr/back/status", TimeSpan.FromSeconds(5))).Trim());
        }

        Assert.Contains("homeassistant/switch/nvr/back_recording/config", store.Topics);
        await using var sub = await broker.SubscribeAsync("nvr/back/status");
        await sub.WaitForLineContainingAsync("nvr/back/status offline", Deadline); // the retained copy
        long mark = sub.LineCount;
        state.Set(new MqttCameraInfo("front", "Front"));
        await using var second = ServiceHost.Start(Options(broker), state, output, store: store);
        // An empty retained message deletes; mosquitto_sub -d shows its size.
        await sub.WaitForLineAsync(l => l.Contains("'nvr/back/status', ... (0 bytes)", StringComparison.Ordinal), Deadline, "the deletion of nvr/back/status", mark);
        await WaitFor.ConditionAsync(() => !store.Topics.Any(t => t.Contains("back", StringComparison.Ordinal)), Deadline, "the store to forget the removed camera");
    }

    [Fact]
    public async Task An_invalid_configuration_is_a_status_not_an_exception()
    {
        var host = ServiceHost.Start(new MqttOptions { TopicPrefix = "nvr/#" }, Front(), output);
        await host.Run.WaitAsync(Deadline);
        Assert.Equal(Nvr.Mqtt.MqttConnectionState.Failed, host.Service.Status.State);
        Assert.Contains("Mqtt:TopicPrefix", host.Service.Status.LastError, StringComparison.Ordinal);
        await host.DisposeAsync();
    }
}
