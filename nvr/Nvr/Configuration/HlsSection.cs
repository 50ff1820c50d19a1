using Nvr.Hls;

namespace Nvr.Configuration;

/// <summary>
/// The <c>Hls</c> section: live HLS on the HTTP port (<c>/live/&lt;camera&gt;/index.m3u8</c>).
/// Defaults from the live-streaming issue and <c>nvr/design/hls.md</c>: MPEG-TS (and fMP4
/// without LL) ~2 s segments, LL-HLS fMP4 1 s segments of 200 ms parts, 7 segments listed, a
/// muxer closed 30 s after its last request.
/// </summary>
public sealed class HlsSection
{
    /// <summary>LL-HLS (parts, preload hints, blocking reload) on the fMP4 output.</summary>
    public bool LowLatency { get; set; } = true;

    /// <summary>Segment target of MPEG-TS, and of fMP4 without LL. 0.5..30.</summary>
    public double SegmentSeconds { get; set; } = 2;

    /// <summary>Segment target of fMP4 with LL-HLS. 0.5..30.</summary>
    public double LowLatencySegmentSeconds { get; set; } = 1;

    /// <summary>LL-HLS PART-TARGET in milliseconds. 50..the LL segment duration (200–500 is sensible).</summary>
    public int PartMilliseconds { get; set; } = 200;

    /// <summary>Complete segments listed in a media playlist. 3..100.</summary>
    public int WindowSegments { get; set; } = 7;

    /// <summary>A camera's muxer closes this long after its last request.</summary>
    public double IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the first request waits for the first segment before answering 503.</summary>
    public double StartTimeoutSeconds { get; set; } = 10;

    /// <summary>Bytes one output (fMP4 or TS) of one camera may hold, in MiB. At least 1.</summary>
    public int MaxMegabytesPerOutput { get; set; } = 64;

    /// <summary>
    /// <c>Access-Control-Allow-Origin</c> on HLS responses; empty sends no CORS headers. Default
    /// <c>*</c>: any page may play the stream with hls.js. A wildcard never lets a browser send
    /// its stored credentials cross-origin; a player page that authenticates sets the
    /// Authorization header itself (allowed by the preflight answer).
    /// </summary>
    public string CorsOrigin { get; set; } = "*";

    public HlsMuxerOptions ToOptions() => new()
    {
        LowLatency = LowLatency,
        SegmentDuration = TimeSpan.FromSeconds(SegmentSeconds),
        LowLatencySegmentDuration = TimeSpan.FromSeconds(LowLatencySegmentSeconds),
        PartDuration = TimeSpan.FromMilliseconds(PartMilliseconds),
        SegmentCount = WindowSegments,
        IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSeconds),
        StartTimeout = TimeSpan.FromSeconds(StartTimeoutSeconds),
        MaxBytes = MaxMegabytesPerOutput * 1024L * 1024,
    };
}
