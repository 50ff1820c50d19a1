namespace Nvr.Rtsp;

/// <summary>Why a message was rejected.</summary>
public enum RtspParseError
{
    None = 0,
    StartLineTooLong,
    HeadersTooLarge,
    TooManyHeaders,
    BodyTooLarge,
    MalformedStartLine,
    MalformedHeader,
    BadContentLength,
    /// <summary>The frame reader met a byte that starts neither a message nor an interleaved frame.</summary>
    UnexpectedByte,
}
