namespace Nvr.Streaming.Events;

/// <summary>
/// The recorder has nothing for <paramref name="Camera"/>/<paramref name="Stream"/> between
/// <paramref name="Start"/> and <paramref name="End"/> (camera gap, recorder overflow, clock jump),
/// published once the gap is closed.
/// </summary>
public sealed record RecordingGap(DateTimeOffset Time, string Camera, string Stream, DateTimeOffset Start, DateTimeOffset End, string Reason)
    : NvrEvent(Time);
