namespace Nvr.Streaming.Events;

/// <summary>
/// Recording of <paramref name="Camera"/> was switched on or off (configuration, API, MQTT command).
/// This is the switch's state, not "a segment is open right now"; gaps are <see cref="RecordingGap"/>.
/// </summary>
public sealed record RecordingChanged(DateTimeOffset Time, string Camera, bool Recording, string Reason)
    : NvrEvent(Time);
