namespace Nvr.Rtmp.Server;

/// <summary>A deadline passed: the handshake, an idle publisher or connection, or a write to a slow/dead peer.</summary>
public sealed class RtmpTimeoutException : RtmpException
{
    public RtmpTimeoutException(string message) : base(message) { }

    public RtmpTimeoutException(string message, Exception innerException) : base(message, innerException) { }

    public RtmpTimeoutException() { }
}
