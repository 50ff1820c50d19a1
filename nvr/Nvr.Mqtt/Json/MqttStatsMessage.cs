using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary><c>&lt;prefix&gt;/stats</c>; see <c>nvr/design/mqtt.md</c> for an example.</summary>
internal sealed class MqttStatsMessage
{
    [JsonPropertyName("time")] public required DateTime Time { get; init; }
    [JsonPropertyName("uptime_s")] public required long UptimeSeconds { get; init; }
    [JsonPropertyName("cpu_percent")] public double? CpuPercent { get; init; }
    [JsonPropertyName("rss_bytes")] public long? RssBytes { get; init; }
    [JsonPropertyName("disk")] public MqttDiskMessage? Disk { get; init; }
    [JsonPropertyName("cameras")] public required Dictionary<string, MqttCameraStatsMessage> Cameras { get; init; }
    [JsonPropertyName("mqtt")] public required MqttSelfStatsMessage Mqtt { get; init; }
}
