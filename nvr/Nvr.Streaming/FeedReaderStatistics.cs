namespace Nvr.Streaming;

/// <summary>Counters of one <see cref="FeedReader"/> since it was opened (a consistent snapshot).</summary>
public readonly record struct FeedReaderStatistics
{
    /// <summary>Units handed out by <see cref="FeedReader.TryRead"/>/<see cref="FeedReader.ReadAsync"/>.</summary>
    public long DeliveredUnits { get; init; }
    public long DeliveredBytes { get; init; }
    /// <summary>Units dropped by overflow: discarded from the queue, or refused while resyncing.</summary>
    public long DroppedUnits { get; init; }
    public long DroppedBytes { get; init; }
    /// <summary>Number of overflows (each puts the reader into resync once).</summary>
    public long Resyncs { get; init; }
    public int QueuedUnits { get; init; }
    public long QueuedBytes { get; init; }
    /// <summary>True while the reader drops units waiting for a keyframe after an overflow.</summary>
    public bool IsResyncing { get; init; }
}
