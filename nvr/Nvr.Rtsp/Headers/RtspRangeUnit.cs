namespace Nvr.Rtsp.Headers;

/// <summary>Units of the Range header supported by <see cref="RtspRange"/>.</summary>
public enum RtspRangeUnit
{
    /// <summary>Normal play time, seconds (RFC 2326 §3.6).</summary>
    Npt,
    /// <summary>Absolute UTC time (RFC 2326 §3.7).</summary>
    Clock,
}
