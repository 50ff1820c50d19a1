namespace Nvr.Rtsp;

/// <summary>Base of the session-fatal RTSP errors. Messages never contain passwords.</summary>
public class RtspException : Exception
{
    public RtspException(string message) : base(message) { }
    public RtspException(string message, Exception? inner) : base(message, inner) { }
}
