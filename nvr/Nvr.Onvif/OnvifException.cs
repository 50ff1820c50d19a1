namespace Nvr.Onvif;

/// <summary>
/// Base of every error this library raises for a device that answered badly, refused, or could not
/// be reached. Callers that only need "the ONVIF call failed" catch this type; the subclasses carry
/// the details (<see cref="OnvifFaultException"/>, <see cref="OnvifMalformedResponseException"/>,
/// <see cref="OnvifTransportException"/>).
/// </summary>
public class OnvifException : Exception
{
    public OnvifException(string message, Uri? endpoint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The service address the failing request went to, when there was one.</summary>
    public Uri? Endpoint { get; }
}
