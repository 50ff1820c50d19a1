namespace Nvr.Streaming;

/// <summary>Budget and behaviour of one <see cref="FeedReader"/>.</summary>
/// <remarks>
/// The defaults suit a live network session (RTSP/RTMP/HLS viewer). The recorder should use a
/// much larger budget and <see cref="FeedOverflowPolicy.KeepQueued"/>, e.g. 8192 units and
/// 64 MiB: a budget costs nothing until the reader falls behind, because queued units are the
/// feed's shared instances, not copies.
/// </remarks>
public sealed class FeedReaderOptions
{
    public static FeedReaderOptions Default { get; } = new();

    /// <summary>
    /// Most units queued for this reader. Default 512: ~10 s of 25 fps video with AAC audio
    /// (~47 frames/s) interleaved; a viewer further behind than that is better resynced.
    /// </summary>
    public int MaxUnits { get; init; } = 512;

    /// <summary>
    /// Most payload bytes queued for this reader. Default 4 MiB: ~8 s of a 4 Mbit/s main stream,
    /// and roomy enough to take a typical 2 s GOP from the cache at once.
    /// </summary>
    public long MaxBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Low-water mark in percent of <see cref="MaxUnits"/> and <see cref="MaxBytes"/>: after an
    /// overflow the reader resumes only at a keyframe that arrives when the queue is at or below
    /// both marks (hysteresis, so a slow reader does not flap). Default 50.
    /// </summary>
    public int LowWaterPercent { get; init; } = 50;

    public FeedStartMode StartMode { get; init; } = FeedStartMode.GopCache;

    public FeedTrackSelection Tracks { get; init; } = FeedTrackSelection.All;

    public FeedOverflowPolicy OverflowPolicy { get; init; } = FeedOverflowPolicy.DiscardQueued;

    /// <summary>Free text for logs and metrics (e.g. "rtsp 10.0.0.7:51234"); not interpreted.</summary>
    public string? Name { get; init; }

    internal int LowWaterUnits => (int)((long)MaxUnits * LowWaterPercent / 100);

    internal long LowWaterBytes => MaxBytes / 100 * LowWaterPercent + MaxBytes % 100 * LowWaterPercent / 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a budget that cannot work.</summary>
    public void Validate()
    {
        if (MaxUnits < 1) throw new ArgumentOutOfRangeException(nameof(MaxUnits), MaxUnits, "must be at least 1");
        if (MaxBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "must be at least 1");
        if (LowWaterPercent is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(LowWaterPercent), LowWaterPercent, "must be 0..100");
        if (!Enum.IsDefined(StartMode)) throw new ArgumentOutOfRangeException(nameof(StartMode), StartMode, null);
        if (!Enum.IsDefined(Tracks)) throw new ArgumentOutOfRangeException(nameof(Tracks), Tracks, null);
        if (!Enum.IsDefined(OverflowPolicy)) throw new ArgumentOutOfRangeException(nameof(OverflowPolicy), OverflowPolicy, null);
    }
}
