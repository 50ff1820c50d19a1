namespace Nvr.Onvif.Soap;

/// <summary>What goes into a request's SOAP Header.</summary>
/// <param name="Security">WS-Security UsernameToken, when credentials are used.</param>
/// <param name="Action">WS-Addressing Action (written as wsa:Action when <paramref name="To"/> is set).</param>
/// <param name="To">WS-Addressing To: the subscription address for WS-BaseNotification calls.</param>
/// <param name="ReferenceParameters">WS-Addressing 1.0 §3.3 reference parameters copied from an endpoint reference (Axis subscriptions carry one).</param>
internal readonly record struct SoapHeader(
    UsernameToken? Security,
    string? Action = null,
    Uri? To = null,
    IReadOnlyList<XmlElementNode>? ReferenceParameters = null);
