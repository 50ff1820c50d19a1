namespace Nvr.Rtsp;

/// <summary>No response (or no connection) within the configured timeout.</summary>
public sealed class RtspTimeoutException : RtspException
{
    public RtspTimeoutException(string operation, string url, TimeSpan timeout)
        : base($"{operation} {RtspUrl.Redact(url)}: no answer within {timeout.TotalSeconds:0.#} s")
    {
        Operation = operation;
        Timeout = timeout;
    }

    /// <summary>The RTSP method, or "CONNECT".</summary>
    public string Operation { get; }
    public TimeSpan Timeout { get; }
}
