using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>The <c>device</c> block of a discovery config; entities with equal identifiers share a device.</summary>
internal sealed class HomeAssistantDevice
{
    [JsonPropertyName("identifiers")] public required IReadOnlyList<string> Identifiers { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("manufacturer")] public required string Manufacturer { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("sw_version")] public required string SwVersion { get; init; }
    [JsonPropertyName("configuration_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ConfigurationUrl { get; init; }
    [JsonPropertyName("via_device"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ViaDevice { get; init; }
}
