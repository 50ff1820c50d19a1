using Nvr.Streaming;

namespace Nvr.Hls;

/// <summary>Options of an <see cref="HlsMuxer"/> (and of the muxers an <see cref="HlsMuxerHost"/> creates).</summary>
public sealed class HlsMuxerOptions
{
    public static HlsMuxerOptions Default { get; } = new();

    /// <summary>
    /// Low-Latency HLS on the fMP4 output: parts, preload hints, blocking reload. Default true.
    /// Off, fMP4 segments use <see cref="SegmentDuration"/> and the playlist has no parts.
    /// </summary>
    public bool LowLatency { get; init; } = true;

    /// <summary>
    /// Segment target of the MPEG-TS output (and of fMP4 without LL). Default 2 s: short enough
    /// for a live view, long enough to keep requests few (Apple recommends 6 s for VOD-like
    /// delivery; live camera viewers want less). Segments are cut on the first keyframe at or
    /// after it, so a camera GOP longer than this gives longer segments.
    /// </summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Segment target of the fMP4 output with LL-HLS. Default 1 s: a 1 s camera GOP gives one segment per GOP.</summary>
    public TimeSpan LowLatencySegmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// LL-HLS Part Target Duration (<c>EXT-X-PART-INF:PART-TARGET</c>). Default 200 ms: five
    /// frames at 25 fps, three at 15 fps; with PART-HOLD-BACK = 3 parts hls.js plays ~0.6 s
    /// behind the newest part. Parts are cut so none exceeds it (RFC 8216bis §4.4.4.9).
    /// </summary>
    public TimeSpan PartDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Complete segments listed in a media playlist. Default 7 (as MediaMTX): 7 s of LL-HLS,
    /// 14 s of TS, always ≥ 3 target durations (RFC 8216bis §6.2.2). Two more stay downloadable
    /// after they leave the playlist (§6.2.2: availability after removal).
    /// </summary>
    public int SegmentCount { get; init; } = 7;

    /// <summary>
    /// Cap on the bytes one output (fMP4 or TS) holds, segments and parts. Default 64 MiB: nine
    /// 1 s segments of a 50 Mbit/s camera. Above it the oldest segments are dropped early.
    /// </summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long the first request of an output waits for its first complete segment (the feed
    /// may be offline or just starting) before answering 503. Default 10 s: two long camera GOPs.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an output (fMP4 or TS) lives without requests; a muxer with no output left is
    /// closed by its <see cref="HlsMuxerHost"/>. Default 30 s: a player polls at least every
    /// target duration, so only gone viewers reach it.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The muxer's own feed reader. Default: 512 units / 16 MiB (a high-bitrate GOP from the
    /// feed's cache must fit), start at the cached GOP, discard on overflow (live viewer).
    /// </summary>
    public FeedReaderOptions Reader { get; init; } = new() { MaxUnits = 512, MaxBytes = 16 * 1024 * 1024, Name = "hls" };

    /// <summary>
    /// Converts audio browsers cannot decode (G.711) into AAC for both outputs. Null (default):
    /// such audio is left out and the outputs are video only (<see cref="HlsAudioMode.Unsupported"/>).
    /// </summary>
    public IHlsAudioTranscoderFactory? AudioTranscoder { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for options that cannot work.</summary>
    public void Validate()
    {
        if (SegmentDuration < TimeSpan.FromMilliseconds(500) || SegmentDuration > TimeSpan.FromSeconds(30))
            throw new ArgumentOutOfRangeException(nameof(SegmentDuration), SegmentDuration, "must be 0.5..30 s");
        if (LowLatencySegmentDuration < TimeSpan.FromMilliseconds(500) || LowLatencySegmentDuration > TimeSpan.FromSeconds(30))
            throw new ArgumentOutOfRangeException(nameof(LowLatencySegmentDuration), LowLatencySegmentDuration, "must be 0.5..30 s");
        if (PartDuration < TimeSpan.FromMilliseconds(50) || PartDuration > LowLatencySegmentDuration)
            throw new ArgumentOutOfRangeException(nameof(PartDuration), PartDuration, "must be 50 ms .. the LL segment duration");
        if (SegmentCount is < 3 or > 100) throw new ArgumentOutOfRangeException(nameof(SegmentCount), SegmentCount, "must be 3..100");
        if (MaxBytes < 1024 * 1024) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "must be at least 1 MiB");
        if (StartTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "must be positive");
        if (IdleTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "must be positive");
        ArgumentNullException.ThrowIfNull(Reader);
        Reader.Validate();
    }
}
