using System.Net;

namespace Nvr.Onvif;

/// <summary>
/// The request did not get a SOAP answer: connection refused or reset, timeout, or an HTTP status
/// without a SOAP fault body (e.g. 404, 503). <see cref="StatusCode"/> is null when no HTTP response
/// arrived at all.
/// </summary>
public sealed class OnvifTransportException : OnvifException
{
    public OnvifTransportException(string message, Uri? endpoint, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, endpoint, innerException)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}
