namespace Nvr.Onvif.Events;

/// <summary>
/// One notification from a device (ONVIF Core §9.2 message format), mapped to a kind.
/// </summary>
/// <param name="Kind">What it means.</param>
/// <param name="Topic">Topic with namespace prefixes removed, e.g. <c>RuleEngine/CellMotionDetector/Motion</c>.</param>
/// <param name="State">The on/off state (IsMotion, State, LogicalState, IsTamper), when the message has one.</param>
/// <param name="Operation">Initialized (state right after subscribing), Changed, Deleted or None.</param>
/// <param name="DeviceTime">tt:Message/@UtcTime in the device's clock.</param>
/// <param name="Source">Source SimpleItems (e.g. VideoSourceConfigurationToken, InputToken, Rule).</param>
/// <param name="Data">Data SimpleItems.</param>
public sealed record OnvifEvent(
    OnvifEventKind Kind,
    string Topic,
    bool? State,
    OnvifPropertyOperation Operation,
    DateTimeOffset? DeviceTime,
    IReadOnlyList<KeyValuePair<string, string>> Source,
    IReadOnlyList<KeyValuePair<string, string>> Data)
{
    /// <summary>The first Source item's value (the video source, input or rule the event is about), or null.</summary>
    public string? SourceToken => Source.Count > 0 ? Source[0].Value : null;
}
