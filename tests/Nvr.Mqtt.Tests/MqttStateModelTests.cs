using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt.Tests;

public sealed class MqttStateModelTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly MqttDevice Device = new("NVR", "0.1.0", null);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly MqttOutbox _outbox = new();

    private MqttStateModel Model(Action<MqttOptions>? configure = null, IMqttPlaybackLinks? links = null)
    {
        var options = new MqttOptions { MotionOffDelaySeconds = 30 };
        configure?.Invoke(options);
        return new MqttStateModel(new MqttTopics(options.TopicPrefix, options.DiscoveryPrefix, options.ResolvedNodeId), options, Device, links, _outbox, _time, NullLogger.Instance);
    }

    /// <summary>Everything queued, as "topic payload" (JSON kept whole, empty retained as "topic &lt;delete&gt;").</summary>
    private List<string> Drain()
    {
        var list = new List<string>();
        while (_outbox.TryTake(out var m))
        {
            list.Add(m.IsDeletion ? $"{m.Topic} <delete>" : $"{m.Topic} {Encoding.UTF8.GetString(m.Payload.Span)}");
            _outbox.Acknowledge(m);
        }

        return list;
    }

    private static List<JsonElement> Events(IEnumerable<string> messages) =>
        messages.Where(m => m.StartsWith("nvr/events ", StringComparison.Ordinal))
            .Select(m => JsonDocument.Parse(m["nvr/events ".Length..]).RootElement).ToList();

    [Fact]
    public void Load_publishes_each_cameras_retained_state_and_discovery()
    {
        var model = Model();
        model.SetAvailable(true);
        model.Load([new MqttCameraInfo("front", "Front") { Status = CameraState.Online, Reason = "streaming", Recording = true }]);
        var messages = Drain();
        Assert.Equal(
            ["nvr/available online", "nvr/front/status online", "nvr/front/status/reason streaming", "nvr/front/motion OFF", "nvr/front/recording ON"],
            messages.Where(m => m.StartsWith("nvr/", StringComparison.Ordinal)));
        Assert.Equal(8, messages.Count(m => m.StartsWith("homeassistant/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Camera_going_offline_and_back_flips_status_and_opens_then_closes_one_event()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front") { Status = CameraState.Online, Reason = "streaming" }]);
        Drain();

        // Retained values coalesce in the outbox: drain after each change to see every value.
        var messages = new List<string>();
        Assert.True(model.Apply(new CameraStateChanged(T0.AddSeconds(10), "front", "main", CameraState.Offline, CameraState.Online, "connection refused")));
        messages.AddRange(Drain());
        Assert.True(model.Apply(new CameraStateChanged(T0.AddSeconds(11), "front", "sub", CameraState.Offline, CameraState.Online, "ignored: sub stream")));
        messages.AddRange(Drain());
        Assert.True(model.Apply(new CameraStateChanged(T0.AddSeconds(20), "front", "main", CameraState.Unauthorized, CameraState.Offline, "401 Unauthorized")));
        messages.AddRange(Drain());
        Assert.True(model.Apply(new CameraStateChanged(T0.AddSeconds(30), "front", "main", CameraState.Online, CameraState.Unauthorized, "streaming")));
        messages.AddRange(Drain());

        Assert.Equal(
            ["nvr/front/status offline", "nvr/front/status/reason connection refused", "nvr/front/status unauthorized", "nvr/front/status/reason 401 Unauthorized", "nvr/front/status online", "nvr/front/status/reason streaming"],
            messages.Where(m => m.StartsWith("nvr/front/", StringComparison.Ordinal)));
        var events = Events(messages);
        Assert.Equal(["new", "update", "end"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal("front-camera_offline-1718013610000", e.GetProperty("id").GetString()));
        Assert.All(events, e => Assert.Equal("camera_offline", e.GetProperty("kind").GetString()));
        Assert.Equal("unauthorized", events[1].GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("2024-06-10T10:00:10Z", events[2].GetProperty("start").GetString());
        Assert.Equal("2024-06-10T10:00:30Z", events[2].GetProperty("end").GetString());
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("end").ValueKind);
    }

    [Fact]
    public void Motion_turns_on_at_once_and_off_only_after_the_off_delay()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front")]);
        Drain();

        model.Apply(new MotionChanged(T0, "front", true, "onvif"));
        Assert.Equal("nvr/front/motion ON", Drain().First(m => m.StartsWith("nvr/front/motion", StringComparison.Ordinal)));
        model.Apply(new MotionChanged(T0.AddSeconds(4), "front", false, "onvif"));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(Drain());
        _time.Advance(TimeSpan.FromSeconds(1));
        var messages = Drain();
        Assert.Contains("nvr/front/motion OFF", messages);
        var end = Assert.Single(Events(messages));
        Assert.Equal("end", end.GetProperty("type").GetString());
        Assert.Equal("front-motion-1718013600000", end.GetProperty("id").GetString());
        Assert.Equal("2024-06-10T10:00:04Z", end.GetProperty("end").GetString());
    }

    [Fact]
    public void Motion_resuming_within_the_delay_keeps_one_event()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front")]);
        Drain();
        model.Apply(new MotionChanged(T0, "front", true, "onvif"));
        model.Apply(new MotionChanged(T0.AddSeconds(1), "front", false, "onvif"));
        _time.Advance(TimeSpan.FromSeconds(20));
        model.Apply(new MotionChanged(_time.GetUtcNow(), "front", true, "onvif"));
        _time.Advance(TimeSpan.FromSeconds(20)); // the first hold would have expired here
        var during = Drain();
        Assert.DoesNotContain("nvr/front/motion OFF", during);
        model.Apply(new MotionChanged(_time.GetUtcNow(), "front", false, "onvif"));
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = Drain();
        Assert.Contains("nvr/front/motion OFF", after);
        Assert.Equal(["new", "end"], Events([.. during, .. after]).Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public void Events_carry_playback_links_for_cameras()
    {
        var model = Model(o => o.Discovery = false, new MqttPlaybackLinks(new Uri("http://nvr:8080"), null, null));
        model.Load([new MqttCameraInfo("front", "Front")]);
        Drain();
        model.Apply(new MotionChanged(T0, "front", true, "api"));
        var e = Assert.Single(Events(Drain()));
        Assert.Equal("http://nvr:8080/vod/front/index.m3u8?start=2024-06-10T10:00:00Z", e.GetProperty("playback").GetProperty("hls").GetString());
        Assert.Equal("api", e.GetProperty("data").GetProperty("source").GetString());
    }

    [Fact]
    public void Recording_and_snapshot_are_retained_state()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front") { Recording = true }]);
        Drain();
        model.Apply(new RecordingChanged(T0, "front", false, "mqtt"));
        model.Apply(new SnapshotTaken(T0, "front", new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }));
        Assert.Equal(["nvr/front/recording OFF", "nvr/front/snapshot " + Encoding.UTF8.GetString(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })], Drain());
        Assert.NotNull(_outbox.GetRetained("nvr/front/snapshot"));
    }

    [Fact]
    public void One_off_events_publish_new_and_end_and_disk_low_opens_and_closes()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([]);
        Drain();
        model.Apply(new RecordingGap(T0, "front", "main", T0.AddSeconds(-5), T0, "camera gap"));
        model.Apply(new RecordingsDeleted(T0, "old-cam", "main", T0.AddDays(-30), T0.AddDays(-29), 1440, 9_000_000_000, "max_age"));
        model.Apply(new DiskSpaceChanged(T0, true, 100, 5, 10));
        model.Apply(new DiskSpaceChanged(T0.AddMinutes(1), true, 100, 4, 10));
        model.Apply(new DiskSpaceChanged(T0.AddMinutes(2), false, 100, 20, 10));
        var events = Events(Drain());
        Assert.Equal(
            ["new recording_gap", "end recording_gap", "new retention", "end retention", "new disk_low", "end disk_low"],
            events.Select(e => e.GetProperty("type").GetString() + " " + e.GetProperty("kind").GetString()));
        Assert.Equal(5, events[0].GetProperty("data").GetProperty("seconds").GetDouble());
        Assert.Equal("front-main-recording_gap-1718013595000", events[0].GetProperty("id").GetString());
        Assert.Equal(9_000_000_000, events[2].GetProperty("data").GetProperty("bytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, events[4].GetProperty("camera").ValueKind);
        Assert.Equal(events[4].GetProperty("id").GetString(), events[5].GetProperty("id").GetString());
    }

    [Fact]
    public void A_paused_recording_is_one_event_per_stream()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([]);
        Drain();
        model.Apply(new RecordingPaused(T0, "front", "main", true, "disk_full", "no space left on device"));
        model.Apply(new RecordingPaused(T0.AddSeconds(1), "front", "main", true, "disk_full", "still no space"));
        model.Apply(new RecordingPaused(T0.AddSeconds(2), "front", "sub", true, "write_error", "EIO"));
        model.Apply(new RecordingPaused(T0.AddSeconds(9), "front", "main", false, "", "recording resumed"));
        var events = Events(Drain());
        Assert.Equal(["new main", "new sub", "end main"], events.Select(e => e.GetProperty("type").GetString() + " " + e.GetProperty("data").GetProperty("stream").GetString()));
        Assert.Equal(events[0].GetProperty("id").GetString(), events[2].GetProperty("id").GetString());
        Assert.Equal("2024-06-10T10:00:09Z", events[2].GetProperty("end").GetString());
        Assert.Equal("recording_paused", events[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Reported_events_pass_through()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([]);
        Drain();
        model.Apply(new CameraEventReported(T0, "ext-42", EventPhase.New, "front", "doorbell", T0, null, new Dictionary<string, string> { ["button"] = "1" }));
        var e = Assert.Single(Events(Drain()));
        Assert.Equal("""{"type":"new","id":"ext-42","camera":"front","kind":"doorbell","start":"2024-06-10T10:00:00Z","end":null,"data":{"button":"1"},"playback":null}""", e.GetRawText());
    }

    [Fact]
    public void State_events_for_unknown_cameras_ask_for_a_reload()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([]);
        Drain();
        Assert.False(model.Apply(new MotionChanged(T0, "new-cam", true, "onvif")));
        Assert.False(model.Apply(new CameraStateChanged(T0, "new-cam", "main", CameraState.Online, CameraState.Connecting, "")));
        Assert.Empty(Drain());
    }

    [Fact]
    public void Removing_a_camera_deletes_its_retained_topics_and_discovery_configs()
    {
        var model = Model();
        model.Load([new MqttCameraInfo("front", "Front"), new MqttCameraInfo("back", "Back")]);
        model.Apply(new SnapshotTaken(T0, "back", new byte[] { 1 }));
        Drain();
        model.Load([new MqttCameraInfo("front", "Front")]);
        var deleted = Drain().Where(m => m.EndsWith(" <delete>", StringComparison.Ordinal)).Select(m => m[..^" <delete>".Length]).Order().ToList();
        Assert.Equal(
            [
                "homeassistant/binary_sensor/nvr/back_connectivity/config", "homeassistant/binary_sensor/nvr/back_motion/config",
                "homeassistant/camera/nvr/back_snapshot/config", "homeassistant/sensor/nvr/back_bitrate/config", "homeassistant/switch/nvr/back_recording/config",
                "nvr/back/motion", "nvr/back/recording", "nvr/back/snapshot", "nvr/back/status", "nvr/back/status/reason",
            ],
            deleted);
        Assert.DoesNotContain(_outbox.OwnedTopics, t => t.Contains("back", StringComparison.Ordinal));
    }

    [Fact]
    public void Topics_owned_by_an_earlier_run_are_deleted_or_adopted()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front")], ["nvr/gone/status", "homeassistant/switch/nvr/gone_recording/config", "nvr/front/snapshot", "oldprefix/available"]);
        var deleted = Drain().Where(m => m.EndsWith(" <delete>", StringComparison.Ordinal)).Select(m => m[..^" <delete>".Length]).Order();
        Assert.Equal(["homeassistant/switch/nvr/gone_recording/config", "nvr/gone/status", "oldprefix/available"], deleted);
        Assert.Contains("nvr/front/snapshot", _outbox.OwnedTopics);
    }

    [Fact]
    public void Seeded_motion_from_the_state_source_starts_on()
    {
        var model = Model(o => o.Discovery = false);
        model.Load([new MqttCameraInfo("front", "Front") { Motion = true }]);
        Assert.Contains("nvr/front/motion ON", Drain());
    }
}
