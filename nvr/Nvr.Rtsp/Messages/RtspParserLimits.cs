namespace Nvr.Rtsp;

/// <summary>Bounds applied by <see cref="RtspMessageParser"/> and <see cref="RtspFrameReader"/>.</summary>
public sealed record RtspParserLimits
{
    public static readonly RtspParserLimits Default = new();

    /// <summary>Longest request/status line. Camera URLs with tokens stay under 1 KiB.</summary>
    public int MaxStartLine { get; init; } = 4096;
    /// <summary>Largest header block (start line, fields, blank line).</summary>
    public int MaxHeaderBytes { get; init; } = 16 * 1024;
    /// <summary>Most header fields in one message.</summary>
    public int MaxHeaders { get; init; } = 64;
    /// <summary>Largest Content-Length accepted (an SDP is a few KiB).</summary>
    public int MaxBody { get; init; } = 64 * 1024;
}
