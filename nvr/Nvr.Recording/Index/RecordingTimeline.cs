namespace Nvr.Recording.Index;

/// <summary>
/// Answer of <see cref="RecordingIndex.GetRecordings"/> (<c>GET /api/recordings</c>): the continuous
/// spans of a camera's streams that overlap the asked range, the gaps between them with their
/// reasons, and the segments under the spans. Times are clipped to nothing: spans and segments are
/// reported whole, so a client can fetch them.
/// </summary>
public sealed record RecordingTimeline(
    string Camera,
    string? Stream,
    DateTime From,
    DateTime To,
    IReadOnlyList<RecordingSpan> Spans,
    IReadOnlyList<GapRecord> Gaps);
