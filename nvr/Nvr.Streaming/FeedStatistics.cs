namespace Nvr.Streaming;

/// <summary>A consistent snapshot of one <see cref="Feed"/>'s counters and rates.</summary>
public readonly record struct FeedStatistics
{
    public FeedState State { get; init; }
    /// <summary>Number of runs started (online transitions) so far.</summary>
    public int Run { get; init; }
    /// <summary>Version of the current description; 0 before the first one.</summary>
    public int DescriptionVersion { get; init; }
    public long PublishedUnits { get; init; }
    /// <summary>Sum of payload lengths of published units.</summary>
    public long PublishedBytes { get; init; }
    /// <summary>
    /// Video frames (every unit on an audio-only stream) per second over the last complete
    /// buckets of the rate window (see <see cref="FeedOptions.RateWindow"/>); 0 until one bucket completed.
    /// </summary>
    public double FramesPerSecond { get; init; }
    /// <summary>Payload bits per second of all tracks over the same window.</summary>
    public double BitsPerSecond { get; init; }
    /// <summary>Arrival time (from the feed's <see cref="TimeProvider"/>) of the latest sync point.</summary>
    public DateTimeOffset? LastKeyframeAt { get; init; }
    public int ReaderCount { get; init; }
    public int GopCacheUnits { get; init; }
    public long GopCacheBytes { get; init; }
}
