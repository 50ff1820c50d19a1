using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>The <c>disk</c> member of <see cref="MqttStatsMessage"/>.</summary>
internal sealed class MqttDiskMessage
{
    [JsonPropertyName("total_bytes")] public required long TotalBytes { get; init; }
    [JsonPropertyName("free_bytes")] public required long FreeBytes { get; init; }
    [JsonPropertyName("used_bytes")] public required long UsedBytes { get; init; }
    [JsonPropertyName("used_percent")] public required double UsedPercent { get; init; }
    [JsonPropertyName("recordings_bytes")] public required long RecordingsBytes { get; init; }
}
