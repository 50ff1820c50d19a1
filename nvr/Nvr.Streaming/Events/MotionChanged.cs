namespace Nvr.Streaming.Events;

/// <summary>
/// A motion source (<paramref name="Source"/>: <c>onvif</c>, <c>api</c>, <c>detector</c>, …) saw
/// motion start (<paramref name="Active"/> true) or stop on <paramref name="Camera"/>. Raw: consumers
/// apply their own hold time (MQTT's off-delay), and a camera is in motion while any source is active.
/// </summary>
public sealed record MotionChanged(DateTimeOffset Time, string Camera, bool Active, string Source)
    : NvrEvent(Time);
