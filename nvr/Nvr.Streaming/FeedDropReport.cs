namespace Nvr.Streaming;

/// <summary>
/// Drops of one reader since the previous <see cref="FeedReader.TakeDropsSinceLastReport"/>: what
/// a session logs "at most once per interval" (the logger owns the interval, the reader only counts).
/// </summary>
/// <param name="Units">Units dropped (discarded from the queue or refused while resyncing).</param>
/// <param name="Bytes">Payload bytes of those units.</param>
/// <param name="Resyncs">Overflows that put the reader into resync.</param>
public readonly record struct FeedDropReport(long Units, long Bytes, long Resyncs)
{
    public bool IsEmpty => Units == 0 && Resyncs == 0;
}
