namespace Nvr.Rtsp;

/// <summary>The server answered a request with a non-success status (e.g. 404, 454, 461, 503).</summary>
public sealed class RtspResponseException : RtspException
{
    public RtspResponseException(string method, string url, int statusCode, string reason)
        : base($"{method} {RtspUrl.Redact(url)}: {statusCode} {reason}")
    {
        Method = method;
        StatusCode = statusCode;
        Reason = reason;
    }

    public string Method { get; }
    public int StatusCode { get; }
    public string Reason { get; }
}
