namespace Nvr.Rtsp;

/// <summary>
/// The server answered 401 (or 403) after the credentials were tried, or asked for credentials none
/// were given for, or offered no supported scheme.
/// </summary>
public sealed class RtspAuthException : RtspException
{
    public RtspAuthException(string method, string url, int statusCode, string statusLine, string detail)
        : base($"{method} {RtspUrl.Redact(url)}: {statusLine} ({detail})")
    {
        Method = method;
        StatusCode = statusCode;
        StatusLine = statusLine;
    }

    public string Method { get; }
    public int StatusCode { get; }
    /// <summary>The server's status line, e.g. "RTSP/1.0 401 Unauthorized".</summary>
    public string StatusLine { get; }
}
