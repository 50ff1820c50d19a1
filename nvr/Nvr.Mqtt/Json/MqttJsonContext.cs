using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>
/// Source-generated serializers for every MQTT payload (Native AOT: no reflection). Relaxed escaping:
/// payloads are never embedded in HTML, and Home Assistant templates stay readable (<c>'</c> unescaped).
/// </summary>
[JsonSerializable(typeof(MqttEventMessage))]
[JsonSerializable(typeof(MqttStatsMessage))]
[JsonSerializable(typeof(HomeAssistantConfig))]
[JsonSerializable(typeof(AnnouncementFile))]
internal sealed partial class MqttJsonContext : JsonSerializerContext
{
    /// <summary>The instance all payload builders use.</summary>
    public static MqttJsonContext Payloads { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    });
}
