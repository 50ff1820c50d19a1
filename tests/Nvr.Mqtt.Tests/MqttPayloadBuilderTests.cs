using System.Text;
using System.Text.Json.Nodes;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt.Tests;

public sealed class MqttPayloadBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 10, 10, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Event_has_every_member_even_when_null()
    {
        var json = Encoding.UTF8.GetString(MqttPayloadBuilder.Event(EventPhase.New, "front-motion-1718014500123", "front", "motion", T0, null,
            new JsonObject { ["source"] = "onvif" }, null));
        Assert.Equal("""{"type":"new","id":"front-motion-1718014500123","camera":"front","kind":"motion","start":"2024-06-10T10:15:00.123Z","end":null,"data":{"source":"onvif"},"playback":null}""", json);
    }

    [Fact]
    public void Event_end_with_playback_and_numbers()
    {
        var start = new DateTimeOffset(2024, 6, 10, 12, 15, 0, TimeSpan.FromHours(2)); // local offsets become UTC
        var playback = new Dictionary<string, string> { ["hls"] = "http://nvr:8080/vod/front/index.m3u8?start=2024-06-10T10:15:00Z&end=2024-06-10T10:16:00Z" };
        var json = Encoding.UTF8.GetString(MqttPayloadBuilder.Event(EventPhase.End, "id1", "front", "recording_gap", start, start.AddSeconds(60.5),
            new JsonObject { ["stream"] = "main", ["seconds"] = 60.5, ["bytes"] = 1234567890123L }, playback));
        Assert.Equal("""{"type":"end","id":"id1","camera":"front","kind":"recording_gap","start":"2024-06-10T10:15:00Z","end":"2024-06-10T10:16:00.5Z","data":{"stream":"main","seconds":60.5,"bytes":1234567890123},"playback":{"hls":"http://nvr:8080/vod/front/index.m3u8?start=2024-06-10T10:15:00Z&end=2024-06-10T10:16:00Z"}}""", json);
    }

    [Fact]
    public void Event_without_camera_and_update_phase()
    {
        var json = Encoding.UTF8.GetString(MqttPayloadBuilder.Event(EventPhase.Update, "system-disk_low-1", null, "disk_low", T0, null, new JsonObject(), new Dictionary<string, string>()));
        Assert.Equal("""{"type":"update","id":"system-disk_low-1","camera":null,"kind":"disk_low","start":"2024-06-10T10:15:00.123Z","end":null,"data":{},"playback":null}""", json);
    }

    [Fact]
    public void Stats_golden()
    {
        var stats = new MqttStats(TimeSpan.FromSeconds(3723.9), 12.345, 150_000_000,
            new MqttDiskStats(64_000_000_000, 16_000_000_000, 40_000_000_000),
            [new MqttCameraStats("front", 2048.26, 25, 3, 1), new MqttCameraStats("back", 0, double.NaN, 0, 7)]);
        var json = Encoding.UTF8.GetString(MqttPayloadBuilder.Stats(stats, T0, 2, 5));
        Assert.Equal("""{"time":"2024-06-10T10:15:00.123Z","uptime_s":3723,"cpu_percent":12.3,"rss_bytes":150000000,"disk":{"total_bytes":64000000000,"free_bytes":16000000000,"used_bytes":48000000000,"used_percent":75,"recordings_bytes":40000000000},"cameras":{"front":{"bitrate_kbps":2048.3,"fps":25,"drops":3,"reconnects":1},"back":{"bitrate_kbps":0,"fps":0,"drops":0,"reconnects":7}},"mqtt":{"reconnects":2,"events_dropped":5}}""", json);
    }

    [Fact]
    public void Stats_without_disk_or_process_numbers()
    {
        var json = Encoding.UTF8.GetString(MqttPayloadBuilder.Stats(new MqttStats(TimeSpan.Zero, null, null, null, []), T0, 0, 0));
        Assert.Equal("""{"time":"2024-06-10T10:15:00.123Z","uptime_s":0,"cpu_percent":null,"rss_bytes":null,"disk":null,"cameras":{},"mqtt":{"reconnects":0,"events_dropped":0}}""", json);
    }

    [Fact]
    public void Event_ids_are_deterministic()
    {
        Assert.Equal("front-motion-1718014500123", MqttEventKinds.Id("front", "motion", T0));
        Assert.Equal("system-disk_low-1718014500123", MqttEventKinds.Id(null, "disk_low", T0));
    }
}
