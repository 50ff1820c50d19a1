namespace Nvr.Rtmp.Server;

/// <summary>A condition that ends an RTMP session (thrown by <see cref="RtmpServerSession.RunAsync"/>).</summary>
public class RtmpException : Exception
{
    public RtmpException(string message) : base(message) { }

    public RtmpException(string message, Exception innerException) : base(message, innerException) { }

    public RtmpException() { }
}
