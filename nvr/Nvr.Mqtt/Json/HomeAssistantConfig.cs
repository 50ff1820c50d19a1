using System.Text.Json.Serialization;

namespace Nvr.Mqtt.Json;

/// <summary>
/// A Home Assistant MQTT discovery config (long key names, not the abbreviations; null members
/// are left out). Which keys apply depends on the component (binary_sensor, switch, sensor, camera).
/// </summary>
internal sealed class HomeAssistantConfig
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("unique_id")] public required string UniqueId { get; init; }
    [JsonPropertyName("topic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Topic { get; init; }
    [JsonPropertyName("state_topic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StateTopic { get; init; }
    [JsonPropertyName("command_topic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CommandTopic { get; init; }
    [JsonPropertyName("payload_press"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PayloadPress { get; init; }
    [JsonPropertyName("value_template"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ValueTemplate { get; init; }
    [JsonPropertyName("payload_on"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PayloadOn { get; init; }
    [JsonPropertyName("payload_off"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PayloadOff { get; init; }
    [JsonPropertyName("state_on"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StateOn { get; init; }
    [JsonPropertyName("state_off"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StateOff { get; init; }
    [JsonPropertyName("optimistic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Optimistic { get; init; }
    [JsonPropertyName("device_class"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DeviceClass { get; init; }
    [JsonPropertyName("state_class"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StateClass { get; init; }
    [JsonPropertyName("unit_of_measurement"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? UnitOfMeasurement { get; init; }
    [JsonPropertyName("suggested_display_precision"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? SuggestedDisplayPrecision { get; init; }
    [JsonPropertyName("entity_category"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EntityCategory { get; init; }
    [JsonPropertyName("icon"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Icon { get; init; }
    [JsonPropertyName("qos"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Qos { get; init; }
    [JsonPropertyName("availability")] public required IReadOnlyList<HomeAssistantAvailability> Availability { get; init; }
    [JsonPropertyName("device")] public required HomeAssistantDevice Device { get; init; }
    [JsonPropertyName("origin")] public required HomeAssistantOrigin Origin { get; init; }
}
