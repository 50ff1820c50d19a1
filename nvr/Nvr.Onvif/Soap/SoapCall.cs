using System.Xml;

namespace Nvr.Onvif.Soap;

/// <summary>One SOAP request to send.</summary>
/// <param name="Endpoint">Service address.</param>
/// <param name="Action">SOAP action URI (SOAP 1.2 <c>action</c> media-type parameter; SOAP 1.1 SOAPAction header).</param>
/// <param name="Operation">Operation name for messages and errors, e.g. <c>GetProfiles</c>.</param>
/// <param name="WriteBody">Writes the operation element inside <c>s:Body</c>.</param>
internal sealed record SoapCall(Uri Endpoint, string Action, string Operation, Action<XmlWriter> WriteBody)
{
    /// <summary>Attach credentials (false for GetSystemDateAndTime, which ONVIF Core §5.12.1 lets anyone call).</summary>
    public bool Authenticate { get; init; } = true;

    /// <summary>Add WS-Addressing Action/MessageID/To headers (WS-BaseNotification calls to a subscription).</summary>
    public bool UseAddressing { get; init; }

    /// <summary>Reference parameters of the target endpoint reference, echoed into the header.</summary>
    public IReadOnlyList<XmlElementNode>? ReferenceParameters { get; init; }

    /// <summary>Added to the request timeout (PullMessages long polls).</summary>
    public TimeSpan ExtraTimeout { get; init; }
}
