namespace Nvr.Rtsp;

/// <summary>Outcome of <see cref="RtspMessageParser.TryParse"/>.</summary>
public enum RtspParseStatus
{
    /// <summary>The buffer holds the start of a message; read more and call again with the same data.</summary>
    NeedMoreData,
    /// <summary>A whole message was parsed and consumed.</summary>
    Parsed,
    /// <summary>The data is not a valid or acceptable message (see <see cref="RtspParseError"/>); the connection should be closed.</summary>
    Error,
}
