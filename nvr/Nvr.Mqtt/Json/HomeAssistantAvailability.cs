using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>One entry of a discovery config's <c>availability</c> list.</summary>
internal sealed class HomeAssistantAvailability
{
    [JsonPropertyName("topic")] public required string Topic { get; init; }
    [JsonPropertyName("payload_available")] public required string PayloadAvailable { get; init; }
    [JsonPropertyName("payload_not_available")] public required string PayloadNotAvailable { get; init; }
}
