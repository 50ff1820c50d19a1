using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>The publisher's own counters in <see cref="MqttStatsMessage"/>.</summary>
internal sealed class MqttSelfStatsMessage
{
    [JsonPropertyName("reconnects")] public required long Reconnects { get; init; }
    [JsonPropertyName("events_dropped")] public required long EventsDropped { get; init; }
}
