namespace Nvr.Streaming;

/// <summary>What a <see cref="FeedReader"/> does with its queue when a unit would exceed its caps.</summary>
/// <remarks>
/// In both policies the reader enters <b>resync</b>: every unit is dropped (and counted) until a
/// sync point (video keyframe) arrives while the queue is at or below the low-water mark; that
/// keyframe is delivered with <see cref="FeedReadResult.Discontinuity"/> set. A reader never
/// receives a GOP whose beginning was dropped.
/// </remarks>
public enum FeedOverflowPolicy
{
    /// <summary>
    /// Discard every queued unit (counted as dropped) and resume at the next keyframe. Lowest
    /// latency after a stall: the right choice for live viewers. The queue is empty after the
    /// discard, so the low-water condition is met at once.
    /// </summary>
    DiscardQueued,
    /// <summary>
    /// Keep the queued units (the reader still gets them: a GOP cut at its end, then the gap) and
    /// drop new units until the queue drained to the low-water mark <i>and</i> a keyframe arrives.
    /// Loses the least media: the right choice for the recorder.
    /// </summary>
    KeepQueued,
}
