namespace Nvr.Rtmp.Server;

/// <summary>The peer broke the RTMP protocol or a configured limit (chunk size, message length, handshake version).</summary>
public sealed class RtmpProtocolException : RtmpException
{
    public RtmpProtocolException(string message) : base(message) { }

    public RtmpProtocolException(string message, Exception innerException) : base(message, innerException) { }

    public RtmpProtocolException() { }
}
