namespace Nvr.Recording.Index;

/// <summary>Continuous recording of one stream: consecutive segments with no gap between them.</summary>
public sealed record RecordingSpan(string Camera, string Stream, DateTime Start, DateTime End, IReadOnlyList<SegmentRecord> Segments)
{
    public TimeSpan Duration => End - Start;
}
