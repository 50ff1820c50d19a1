namespace Nvr.Rtsp;

/// <summary>The peer broke the protocol (unparseable data, missing required header) or closed the connection.</summary>
public sealed class RtspProtocolException : RtspException
{
    public RtspProtocolException(string message) : base(message) { }
}
