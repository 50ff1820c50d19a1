namespace Nvr.Streaming.Events;

/// <summary>
/// Retention deleted <paramref name="Segments"/> segment files (<paramref name="Bytes"/> bytes)
/// of <paramref name="Camera"/>/<paramref name="Stream"/> covering <paramref name="From"/> to
/// <paramref name="To"/>. <paramref name="Reason"/>: <c>max_age</c>, <c>max_bytes</c>, <c>free_space</c>.
/// </summary>
public sealed record RecordingsDeleted(DateTimeOffset Time, string Camera, string Stream, DateTimeOffset From, DateTimeOffset To, int Segments, long Bytes, string Reason)
    : NvrEvent(Time);
