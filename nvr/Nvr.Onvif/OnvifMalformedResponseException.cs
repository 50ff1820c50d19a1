namespace Nvr.Onvif;

/// <summary>
/// The device's answer could not be used: too large, too deep, not XML, not SOAP, or missing what the
/// operation must return. Parsing stops at the first such problem with bounded memory.
/// </summary>
public sealed class OnvifMalformedResponseException : OnvifException
{
    public OnvifMalformedResponseException(OnvifResponseError error, string message, Uri? endpoint = null, Exception? innerException = null)
        : base(message, endpoint, innerException)
    {
        Error = error;
    }

    public OnvifResponseError Error { get; }
}
