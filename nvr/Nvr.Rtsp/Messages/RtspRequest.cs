namespace Nvr.Rtsp;

/// <summary>An RTSP request: <c>Method SP Request-URI SP RTSP-Version CRLF</c> (RFC 2326 §6.1).</summary>
public sealed class RtspRequest : RtspMessage
{
    public RtspRequest(string method, string uri)
    {
        Method = method;
        Uri = uri;
    }

    /// <summary>The method token as sent, e.g. "DESCRIBE", "GET_PARAMETER".</summary>
    public string Method { get; }
    /// <summary>The Request-URI as sent (absolute rtsp URL or "*").</summary>
    public string Uri { get; }

    public override string ToString() => $"{Method} {RtspUrl.Redact(Uri)} {Version}";
}
