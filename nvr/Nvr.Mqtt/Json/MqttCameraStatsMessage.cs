using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>One entry of <see cref="MqttStatsMessage.Cameras"/>, keyed by camera id.</summary>
internal sealed class MqttCameraStatsMessage
{
    [JsonPropertyName("bitrate_kbps")] public required double BitrateKbps { get; init; }
    [JsonPropertyName("fps")] public required double Fps { get; init; }
    [JsonPropertyName("drops")] public required long Drops { get; init; }
    [JsonPropertyName("reconnects")] public required long Reconnects { get; init; }
}
