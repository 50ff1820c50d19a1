using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>The <c>origin</c> block: which software published the config (Home Assistant logs it).</summary>
internal sealed class HomeAssistantOrigin
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("sw_version")] public required string SwVersion { get; init; }
}
