namespace Nvr.Rtsp;

/// <summary>An RTSP response: <c>RTSP-Version SP Status-Code SP Reason-Phrase CRLF</c> (RFC 2326 §7.1).</summary>
public sealed class RtspResponse : RtspMessage
{
    public RtspResponse(int statusCode, string? reason = null)
    {
        StatusCode = statusCode;
        Reason = reason ?? DefaultReason(statusCode);
    }

    public int StatusCode { get; }
    public string Reason { get; }

    /// <summary>The status line, e.g. "RTSP/1.0 401 Unauthorized".</summary>
    public string StatusLine => $"{Version} {StatusCode} {Reason}";

    public override string ToString() => StatusLine;

    /// <summary>Reason phrases of RFC 2326 §7.1.1.</summary>
    public static string DefaultReason(int code) => code switch
    {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        250 => "Low on Storage Space",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Moved Temporarily",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Large",
        415 => "Unsupported Media Type",
        451 => "Parameter Not Understood",
        453 => "Not Enough Bandwidth",
        454 => "Session Not Found",
        455 => "Method Not Valid in This State",
        456 => "Header Field Not Valid for Resource",
        457 => "Invalid Range",
        459 => "Aggregate Operation Not Allowed",
        460 => "Only Aggregate Operation Allowed",
        461 => "Unsupported Transport",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "RTSP Version Not Supported",
        551 => "Option not supported",
        _ => "Unknown",
    };
}
