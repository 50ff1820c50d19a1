namespace Nvr.Hls;

/// <summary>Segment container of an HLS output.</summary>
public enum HlsFormat
{
    /// <summary>
    /// Fragmented MP4 / CMAF segments (RFC 8216bis §3.1.2) with an <c>EXT-X-MAP</c> init section,
    /// and Low-Latency HLS parts when <see cref="HlsMuxerOptions.LowLatency"/> is on. The default.
    /// </summary>
    Fmp4,
    /// <summary>MPEG-2 transport stream segments (RFC 8216bis §3.1.1, ISO/IEC 13818-1). <c>?format=ts</c>.</summary>
    MpegTs,
}
