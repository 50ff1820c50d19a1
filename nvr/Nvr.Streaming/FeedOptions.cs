namespace Nvr.Streaming;

/// <summary>Options of one <see cref="Feed"/>.</summary>
public sealed class FeedOptions
{
    public static FeedOptions Default { get; } = new();

    /// <summary>
    /// Most units the last-GOP cache holds. Default 1024: a 10 s GOP of 25 fps video plus AAC
    /// audio (~47 frames/s) fits. A longer GOP invalidates the cache until the next keyframe.
    /// </summary>
    public int GopCacheMaxUnits { get; init; } = 1024;

    /// <summary>
    /// Most payload bytes the last-GOP cache holds. Default 8 MiB: a 16 s GOP of a 4 Mbit/s main
    /// stream. The memory actually held is one real GOP (typically 1-2 s), not this bound; the
    /// bound only guards a Raspberry Pi against a camera with a huge keyframe interval.
    /// </summary>
    public long GopCacheMaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Sliding window of <see cref="FeedStatistics.FramesPerSecond"/> and
    /// <see cref="FeedStatistics.BitsPerSecond"/>, split in 5 buckets. Default 5 s (1 s buckets):
    /// steady enough for a UI and metrics, quick to show a stalled camera.
    /// </summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for options that cannot work.</summary>
    public void Validate()
    {
        if (GopCacheMaxUnits < 0) throw new ArgumentOutOfRangeException(nameof(GopCacheMaxUnits), GopCacheMaxUnits, "must not be negative");
        if (GopCacheMaxBytes < 0) throw new ArgumentOutOfRangeException(nameof(GopCacheMaxBytes), GopCacheMaxBytes, "must not be negative");
        if (RateWindow < TimeSpan.FromMilliseconds(5)) throw new ArgumentOutOfRangeException(nameof(RateWindow), RateWindow, "must be at least 5 ms");
    }
}
