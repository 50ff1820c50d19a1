using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Onvif;

/// <summary>
/// Issue #8 acceptance against the published binary: add by ONVIF (config file, online, recording),
/// PullPoint motion to MQTT and the event index, renewals, device restart, wrong password, ±1 h
/// clock skew, PTZ through the API and MQTT, unicast discovery through the API.
/// </summary>
public sealed class OnvifEndToEndTests(OnvifNvrFixture f, ITestOutputHelper output) : IClassFixture<OnvifNvrFixture>
{
    private static readonly TimeSpan Wait = OnvifNvrFixture.Wait;

    [Fact]
    public async Task Adding_by_onvif_fills_urls_persists_the_camera_and_it_goes_online_and_records()
    {
        var added = await f.AddCameraAsync();
        Assert.Equal("front", added.GetProperty("id").GetString());
        Assert.Equal(f.Camera.Url("/main", withCredentials: false), added.GetProperty("url").GetString());
        Assert.Equal(f.Camera.Url("/sub", withCredentials: false), added.GetProperty("subUrl").GetString());
        Assert.Contains("/onvif/snapshot.jpg", added.GetProperty("snapshotUrl").GetString());
        var device = added.GetProperty("device");
        Assert.Equal((f.Sim.Options.Manufacturer, f.Sim.Options.Model, f.Sim.Options.FirmwareVersion, f.Sim.Options.SerialNumber),
            (device.GetProperty("manufacturer").GetString(), device.GetProperty("model").GetString(), device.GetProperty("firmware").GetString(), device.GetProperty("serialNumber").GetString()));
        Assert.DoesNotContain(f.Sim.Options.Password, added.GetRawText());

        // The file on disk: the comment and the first camera kept, the new one complete.
        var text = await File.ReadAllTextAsync(f.Config.Path);
        Assert.StartsWith(OnvifNvrFixture.FileComment, text);
        var onDisk = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var cameras = onDisk["Cameras"]!.AsArray();
        Assert.Equal(["badpw", "front"], cameras.Select(c => (string?)c!["Id"]));
        var c = cameras[1]!;
        Assert.Equal((f.Sim.HostPort, f.Camera.Url("/main", withCredentials: false), f.Camera.Url("/sub", withCredentials: false), "admin", f.Sim.Options.Password, "tcp"),
            ((string?)c["Onvif"], (string?)c["Url"], (string?)c["SubUrl"], (string?)c["Username"], (string?)c["Password"], (string?)c["Transport"]));
        Assert.Contains("/onvif/snapshot.jpg", (string?)c["SnapshotUrl"]);
        Assert.Equal(f.Config.Json["DataDir"]!.GetValue<string>(), (string?)onDisk["DataDir"]);

        // Picked up without a restart: both streams online, segments recorded.
        var clock = Stopwatch.StartNew();
        await WaitFor.ConditionAsync(async () =>
        {
            var cam = await f.CameraAsync("front");
            return cam.GetProperty("state").GetString() == "online" && cam.TryGetProperty("sub", out var sub) && sub.GetProperty("state").GetString() == "online";
        }, Wait, "camera front main and sub online");
        output.WriteLine($"online {clock.ElapsedMilliseconds} ms after POST returned");
        await WaitFor.ConditionAsync(async () =>
        {
            var r = await f.Http.GetFromJsonAsync<JsonElement>("api/recordings?camera=front&stream=main");
            return r.GetProperty("spans").EnumerateArray().SelectMany(s => s.GetProperty("segments").EnumerateArray()).Any();
        }, Wait, "a recorded segment of camera front");
        output.WriteLine($"first segment {clock.ElapsedMilliseconds} ms after POST returned");

        var all = await f.Http.GetStringAsync("api/cameras");
        Assert.DoesNotContain(f.Sim.Options.Password, all);
        Assert.DoesNotContain(f.Sim.Options.Password, f.Nvr.Output);
        Assert.DoesNotContain("not-the-password", f.Nvr.Output);
    }

    [Fact]
    public async Task Device_motion_turns_mqtt_motion_on_and_off_and_is_stored_across_renewals_and_a_device_restart()
    {
        await f.AddCameraAsync();
        await using var motion = await f.Broker.SubscribeAsync("nvr/front/motion");
        await WaitFor.ConditionAsync(async () => (await f.CameraAsync("front")).GetProperty("onvif").GetProperty("subscription").GetProperty("status").GetString() == "subscribed",
            Wait, "the pull-point subscription");
        await motion.WaitForLineAsync(l => l == "nvr/front/motion OFF", Wait, "motion OFF (retained)");

        await MotionCycleAsync(motion, "first");

        // Renewals: the simulator grants 4 s, nvr renews at half; the subscription stays the same one.
        int subscriptions = f.Sim.SubscriptionsCreated;
        int renewals = f.Sim.Renewals;
        await WaitFor.ConditionAsync(() => f.Sim.Renewals >= renewals + 3, Wait, "three renewals");
        Assert.Equal(subscriptions, f.Sim.SubscriptionsCreated);
        output.WriteLine($"renewals {f.Sim.Renewals}, subscriptions {f.Sim.SubscriptionsCreated}");
        await MotionCycleAsync(motion, "after renewals");

        // Device restart: subscriptions forgotten; nvr resubscribes and events flow again.
        var clock = Stopwatch.StartNew();
        await f.Sim.RestartAsync();
        await WaitFor.ConditionAsync(() => f.Sim.SubscriptionsCreated > subscriptions && f.Sim.ActiveSubscriptions > 0, Wait, "a new subscription after the restart");
        output.WriteLine($"resubscribed {clock.ElapsedMilliseconds} ms after the simulator restarted");
        await MotionCycleAsync(motion, "after restart");

        var events = await f.Http.GetFromJsonAsync<JsonElement>("api/events?camera=front");
        var stored = events.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "motion").ToList();
        output.WriteLine($"{stored.Count} motion events stored");
        Assert.True(stored.Count >= 3, $"three motion events stored: {events}");
        Assert.All(stored, e => Assert.NotEqual(JsonValueKind.Null, e.GetProperty("end").ValueKind));
        Assert.Contains(stored, e => e.GetProperty("data").GetProperty("source").GetString() == "onvif");
        var state = (await f.CameraAsync("front")).GetProperty("onvif").GetProperty("subscription");
        Assert.True(state.GetProperty("renewals").GetInt64() >= 3);
        Assert.True(state.GetProperty("subscriptions").GetInt64() >= 2);
    }

    [Fact]
    public async Task Tamper_and_digital_input_become_stored_events_with_their_kinds()
    {
        await f.AddCameraAsync();
        await WaitFor.ConditionAsync(async () => (await f.CameraAsync("front")).GetProperty("onvif").GetProperty("subscription").GetProperty("status").GetString() == "subscribed",
            Wait, "the pull-point subscription");
        await using var events = await f.Broker.SubscribeAsync("nvr/events");
        f.Sim.RaiseEvent("tns1:VideoSource/GlobalSceneChange/ImagingService", [("Source", "VideoSource_1")], [("State", "true")]);
        f.Sim.RaiseEvent("tns1:Device/Trigger/DigitalInput", [("InputToken", "DI_1")], [("LogicalState", "true")]);
        await events.WaitForLineAsync(l => l.Contains("\"digital_input\"") && l.Contains("\"type\":\"new\""), Wait, "digital_input new on MQTT");
        f.Sim.RaiseEvent("tns1:VideoSource/GlobalSceneChange/ImagingService", [("Source", "VideoSource_1")], [("State", "false")]);
        f.Sim.RaiseEvent("tns1:Device/Trigger/DigitalInput", [("InputToken", "DI_1")], [("LogicalState", "false")]);
        await events.WaitForLineAsync(l => l.Contains("\"digital_input\"") && l.Contains("\"type\":\"end\""), Wait, "digital_input end on MQTT");

        JsonElement[] stored = [];
        await WaitFor.ConditionAsync(async () =>
        {
            stored = (await f.Http.GetFromJsonAsync<JsonElement>("api/events?camera=front")).EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() is "tamper" or "digital_input" && e.TryGetProperty("end", out var end) && end.ValueKind != JsonValueKind.Null).ToArray();
            return stored.Length >= 2;
        }, Wait, "tamper and digital_input rows with an end");
        Assert.Contains(stored, e => e.GetProperty("kind").GetString() == "tamper" && e.GetProperty("data").GetProperty("token").GetString() == "VideoSource_1");
        Assert.Contains(stored, e => e.GetProperty("kind").GetString() == "digital_input" && e.GetProperty("data").GetProperty("token").GetString() == "DI_1");
    }

    private async Task MotionCycleAsync(TestProcess motion, string label)
    {
        long from = motion.LineCount;
        var clock = Stopwatch.StartNew();
        f.Sim.SetMotion(true);
        await motion.WaitForLineAsync(l => l == "nvr/front/motion ON", TimeSpan.FromSeconds(2), $"motion ON within 2 s ({label})", from);
        output.WriteLine($"{label}: ON {clock.ElapsedMilliseconds} ms after the device's motion started");
        from = motion.LineCount;
        clock.Restart();
        f.Sim.SetMotion(false);
        await motion.WaitForLineAsync(l => l == "nvr/front/motion OFF", Wait, $"motion OFF ({label})", from);
        output.WriteLine($"{label}: OFF {clock.ElapsedMilliseconds} ms after the device's motion stopped (off-delay 1 s)");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "OFF came before the off-delay");
    }

    [Fact]
    public async Task Wrong_password_is_named_as_the_onvif_fault()
    {
        await WaitFor.ConditionAsync(async () => (await f.CameraAsync("badpw")).GetProperty("onvif").GetProperty("state").GetString() == "error", Wait, "badpw ONVIF error state");
        var error = (await f.CameraAsync("badpw")).GetProperty("onvif").GetProperty("error").GetString();
        output.WriteLine($"badpw: {error}");
        Assert.Contains("NotAuthorized", error);

        using var response = await f.Http.PostAsJsonAsync("api/cameras", new { Onvif = f.Sim.HostPort, Username = "admin", Password = "wrong" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Contains("NotAuthorized", body.GetProperty("error").GetString());

        using var missing = await f.Http.PostAsJsonAsync("api/cameras", new { Username = "admin" });
        Assert.Equal(400, (int)missing.StatusCode);
        using var bad = await f.Http.PostAsync("api/cameras", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)bad.StatusCode);
    }

    [Fact]
    public async Task Clock_skew_of_plus_and_minus_one_hour_authenticates_and_shows_in_state()
    {
        await f.AddCameraAsync();
        var ahead = (await f.CameraAsync("front")).GetProperty("onvif");
        Assert.InRange(ahead.GetProperty("clockSkewSeconds").GetDouble(), 3595, 3605);
        Assert.Equal("connected", ahead.GetProperty("state").GetString());

        using var response = await f.Http.PostAsJsonAsync("api/cameras", new { Onvif = f.SimBehind.HostPort, Username = "admin", Password = f.SimBehind.Options.Password, Record = false });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(201 == (int)response.StatusCode, body.GetRawText());
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal("sim-ipc-2mp", id); // from the model, no Id given
        Assert.InRange(body.GetProperty("device").GetProperty("clockSkewSeconds").GetDouble(), -3605, -3595);
        await WaitFor.ConditionAsync(async () => (await f.CameraAsync(id)).GetProperty("onvif").GetProperty("state").GetString() == "connected", Wait, "the -1 h camera connected");
        Assert.InRange((await f.CameraAsync(id)).GetProperty("onvif").GetProperty("clockSkewSeconds").GetDouble(), -3605, -3595);
        await WaitFor.ConditionAsync(() => f.Nvr.Output.Contains("its clock is", StringComparison.Ordinal), Wait, "the clock-skew warning");
    }

    [Fact]
    public async Task Ptz_through_the_api_and_mqtt_reaches_the_device_with_the_right_vectors_and_tokens()
    {
        await f.AddCameraAsync();
        await WaitFor.ConditionAsync(async () => (await f.CameraAsync("front")).GetProperty("onvif").GetProperty("state").GetString() == "connected", Wait, "front ONVIF connected");

        async Task<SimulatorCall> Api(object body)
        {
            int before = f.Sim.PtzCalls.Count;
            using var r = await f.Http.PostAsJsonAsync("api/cameras/front/ptz", body);
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            return new(f.Sim.PtzCalls.Skip(before).Last(), await r.Content.ReadFromJsonAsync<JsonElement>());
        }

        var move = await Api(new { Action = "move", Pan = -0.5, Tilt = 0.25, Zoom = 0.0, TimeoutMs = 1500 });
        Assert.Equal(("ContinuousMove", "Profile_1", -0.5f, 0.25f, 0f, "PT1.5S"), (move.Call.Operation, move.Call.ProfileToken, move.Call.Pan, move.Call.Tilt, move.Call.Zoom, move.Call.Timeout));
        var stop = await Api(new { Action = "stop" });
        Assert.Equal(("Stop", "Profile_1"), (stop.Call.Operation, stop.Call.ProfileToken));
        var presets = await f.Http.GetFromJsonAsync<JsonElement>("api/cameras/front/ptz/presets");
        Assert.Contains(presets.EnumerateArray(), p => p.GetProperty("token").GetString() == "2" && p.GetProperty("name").GetString() == "Gate");
        var go = await Api(new { Action = "goto", Preset = "Gate" });
        Assert.Equal(("GotoPreset", "Profile_1", "2"), (go.Call.Operation, go.Call.ProfileToken, go.Call.PresetToken));
        var set = await Api(new { Action = "set", Name = "Door" });
        Assert.Equal(("SetPreset", "Door"), (set.Call.Operation, set.Call.PresetName));
        Assert.Equal(set.Response.GetProperty("preset").GetString(), f.Sim.Presets.Single(p => p.Value == "Door").Key);

        using var badAction = await f.Http.PostAsJsonAsync("api/cameras/front/ptz", new { Action = "spin" });
        Assert.Equal(400, (int)badAction.StatusCode);
        using var noCamera = await f.Http.PostAsJsonAsync("api/cameras/nope/ptz", new { Action = "stop" });
        Assert.Equal(404, (int)noCamera.StatusCode);

        // MQTT: <prefix>/<camera>/ptz (commands are taken for cameras MQTT knows: wait for its status topic)
        await using (var status = await f.Broker.SubscribeAsync("nvr/front/status"))
        {
            await status.WaitForLineAsync(l => l == "nvr/front/status online", Wait, "front online on MQTT");
        }
        // Home Assistant gets PTZ buttons for it (announced once ONVIF reported PTZ).
        await using (var buttons = await f.Broker.SubscribeAsync("homeassistant/button/+/front_ptz_move_left/config"))
        {
            var config = await buttons.WaitForLineAsync(l => l.Contains("\"payload_press\":\"MOVE_LEFT\""), Wait, "PTZ button config");
            Assert.Contains("\"command_topic\":\"nvr/front/ptz\"", config);
        }
        async Task<Nvr.Onvif.Tests.Simulator.SimulatorPtzCall> Mqtt(string payload)
        {
            int before = f.Sim.PtzCalls.Count;
            await f.Broker.PublishAsync("nvr/front/ptz", payload, qos: 1);
            await WaitFor.ConditionAsync(() => f.Sim.PtzCalls.Count > before, Wait, $"PTZ call for {payload}");
            return f.Sim.PtzCalls.Skip(before).First();
        }

        var left = await Mqtt("MOVE_LEFT");
        Assert.Equal(("ContinuousMove", "Profile_1", -0.5f, 0f, (float?)null), (left.Operation, left.ProfileToken, left.Pan, left.Tilt, left.Zoom));
        var up = await Mqtt("move_up");
        Assert.Equal(("ContinuousMove", 0f, 0.5f), (up.Operation, up.Pan, up.Tilt));
        var zoom = await Mqtt("ZOOM_OUT");
        Assert.Equal(("ContinuousMove", (float?)null, -0.5f), (zoom.Operation, zoom.Pan, zoom.Zoom));
        Assert.Equal("Stop", (await Mqtt("STOP")).Operation);
        var home = await Mqtt("PRESET_Home");
        Assert.Equal(("GotoPreset", "1"), (home.Operation, home.PresetToken));
    }

    private sealed record SimulatorCall(Nvr.Onvif.Tests.Simulator.SimulatorPtzCall Call, JsonElement Response);

    [Fact]
    public async Task Unicast_discovery_through_the_api_finds_the_simulator()
    {
        var found = await f.Http.GetFromJsonAsync<JsonElement>($"api/onvif/discover?host=127.0.0.1:{f.DiscoveryPort}&timeout=2");
        var d = Assert.Single(found.EnumerateArray());
        Assert.Equal(f.Sim.Options.EndpointReference, d.GetProperty("endpointReference").GetString());
        Assert.Equal((f.Sim.Options.Name, f.Sim.Options.Location), (d.GetProperty("name").GetString(), d.GetProperty("location").GetString()));
        Assert.Equal(f.Sim.DeviceServiceUri.ToString(), d.GetProperty("deviceServiceUrl").GetString());

        using var badTimeout = await f.Http.GetAsync("api/onvif/discover?timeout=60");
        Assert.Equal(400, (int)badTimeout.StatusCode);
    }
}
