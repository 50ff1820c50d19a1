namespace Nvr.Streaming.Events;

/// <summary>
/// Recording of <paramref name="Camera"/>/<paramref name="Stream"/> stopped writing although it is
/// switched on (<paramref name="Paused"/> true), or wrote again (false). <paramref name="Reason"/>:
/// <c>disk_full</c> (ENOSPC, or the free-space floor cannot be met), <c>write_error</c>,
/// <c>unsupported</c> (no track the recorder can store); <paramref name="Message"/> is for people.
/// The footage missing meanwhile is reported as a <see cref="RecordingGap"/> once recording resumes.
/// </summary>
public sealed record RecordingPaused(DateTimeOffset Time, string Camera, string Stream, bool Paused, string Reason, string Message)
    : NvrEvent(Time);
