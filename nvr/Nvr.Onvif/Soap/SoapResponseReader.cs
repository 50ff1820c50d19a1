using System.Net;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Reads a device's SOAP response: envelope and body (SOAP 1.2 Part 1 §5, SOAP 1.1 §4), and faults
/// (SOAP 1.2 §5.4: Code/Value, nested Subcode/Value, Reason/Text; SOAP 1.1 §4.4: faultcode,
/// faultstring) turned into <see cref="OnvifFaultException"/>.
/// </summary>
internal static class SoapResponseReader
{
    /// <summary>
    /// Parses <paramref name="document"/> and returns its <c>Body</c> element. Throws
    /// <see cref="OnvifFaultException"/> when the body holds a fault and
    /// <see cref="OnvifMalformedResponseException"/> when it is not a usable envelope.
    /// </summary>
    public static XmlElementNode ReadBody(ReadOnlyMemory<byte> document, XmlLimits limits, HttpStatusCode? status = null, Uri? endpoint = null, string? action = null)
    {
        var envelope = BoundedXmlLoader.Load(document, limits, endpoint);
        return Body(envelope, status, endpoint, action);
    }

    /// <summary>The envelope's SOAP version, or null when the root is not a SOAP envelope.</summary>
    public static SoapVersion? VersionOf(XmlElementNode envelope) =>
        envelope.LocalName != "Envelope" ? null
        : envelope.NamespaceUri == OnvifNamespaces.Soap12 ? SoapVersion.Soap12
        : envelope.NamespaceUri == OnvifNamespaces.Soap11 ? SoapVersion.Soap11
        : null;

    public static XmlElementNode Body(XmlElementNode envelope, HttpStatusCode? status, Uri? endpoint, string? action)
    {
        if (VersionOf(envelope) is null)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.NotSoap, $"response root is <{envelope}> in '{envelope.NamespaceUri}', not a SOAP envelope", endpoint);
        }

        var body = envelope.Child("Body")
            ?? throw new OnvifMalformedResponseException(OnvifResponseError.NotSoap, "SOAP envelope has no Body", endpoint);
        if (body.Child("Fault") is { } fault) throw ReadFault(fault, status, endpoint, action);
        return body;
    }

    /// <summary>Turns a <c>Fault</c> element (either SOAP version) into an exception.</summary>
    public static OnvifFaultException ReadFault(XmlElementNode fault, HttpStatusCode? status, Uri? endpoint, string? action)
    {
        string code;
        var subcodes = new List<string>();
        string reason;
        if (fault.Child("Code") is { } code12)
        {
            // SOAP 1.2: <Code><Value>env:Sender</Value><Subcode><Value>ter:NotAuthorized</Value>…
            code = code12.PathText("Value") ?? string.Empty;
            var sub = code12.Child("Subcode");
            for (int i = 0; sub is not null && i < 8; i++)
            {
                if (sub.PathText("Value") is { Length: > 0 } v) subcodes.Add(v);
                sub = sub.Child("Subcode");
            }

            reason = PickReason(fault.Child("Reason"));
        }
        else
        {
            // SOAP 1.1: <faultcode>s:Client</faultcode><faultstring>…</faultstring>. Some SOAP 1.1
            // firmwares (older Hikvision) put the ONVIF subcode in faultcode itself
            // ("ter:NotAuthorized") — it is kept as the code and thus found by Matches().
            code = fault.PathText("faultcode") ?? string.Empty;
            reason = fault.PathText("faultstring") ?? string.Empty;
        }

        // A subcode hidden in Detail (Axis puts an explanatory text there; some put a Subcode).
        if (subcodes.Count == 0 && fault.Child("Detail") is { } detail && detail.Descendant("Value") is { Text.Length: > 0 } dv && dv.Text.Contains(':', StringComparison.Ordinal))
        {
            subcodes.Add(dv.Text);
        }

        if (reason.Length == 0 && fault.Child("Detail") is { } d2 && d2.Descendant("Text") is { } dt) reason = dt.Text;
        if (reason.Length > 512) reason = reason[..512];
        return new OnvifFaultException(code, subcodes, reason, status, endpoint, action);
    }

    private static string PickReason(XmlElementNode? reason)
    {
        if (reason is null) return string.Empty;
        string? first = null;
        foreach (var t in reason.ChildrenNamed("Text"))
        {
            first ??= t.Text;
            var lang = t.Attribute("lang");
            if (lang is not null && lang.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return t.Text;
        }

        return first ?? reason.Text;
    }

    /// <summary>The first element child of the body (the operation's response element), or a typed error.</summary>
    public static XmlElementNode ResponseElement(XmlElementNode body, string expectedLocalName, Uri? endpoint)
    {
        return body.Child(expectedLocalName)
            ?? throw new OnvifMalformedResponseException(
                OnvifResponseError.MissingElement,
                $"expected <{expectedLocalName}> in the SOAP body, got {(body.Children.Count == 0 ? "nothing" : "<" + body.Children[0] + ">")}",
                endpoint);
    }
}
