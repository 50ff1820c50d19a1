using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>What <see cref="FileMqttAnnouncementStore"/> writes.</summary>
internal sealed class AnnouncementFile
{
    [JsonPropertyName("version")] public int Version { get; init; } = 1;
    [JsonPropertyName("topics")] public required List<string> Topics { get; init; }
}
