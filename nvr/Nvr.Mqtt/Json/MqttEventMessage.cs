using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>
/// One <c>&lt;prefix&gt;/events</c> message (Frigate's new/update/end life cycle):
/// <code>{"type":"new","id":"…","camera":"front","kind":"motion","start":"…Z","end":null,"data":{…},"playback":{…}}</code>
/// All members are always present; <c>camera</c>, <c>end</c>, <c>playback</c> may be null.
/// </summary>
internal sealed class MqttEventMessage
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("camera")] public string? Camera { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("start")] public required DateTime Start { get; init; }
    [JsonPropertyName("end")] public DateTime? End { get; init; }
    [JsonPropertyName("data")] public required JsonObject Data { get; init; }
    [JsonPropertyName("playback")] public IReadOnlyDictionary<string, string>? Playback { get; init; }
}
