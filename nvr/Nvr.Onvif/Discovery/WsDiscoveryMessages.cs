using System.Text;
using System.Xml;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Discovery;

/// <summary>
/// WS-Discovery 2005/04 messages (the version ONVIF Core §7.3 requires) over SOAP-over-UDP:
/// the Probe we send (§5.2) and the ProbeMatches we read (§5.3).
/// <code>
/// Envelope/Header/{Action, MessageID, RelatesTo?}
/// Envelope/Body/ProbeMatches/ProbeMatch*/{EndpointReference/Address, Types, Scopes, XAddrs, MetadataVersion}
/// </code>
/// </summary>
internal static class WsDiscoveryMessages
{
    public const string ProbeAction = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe";
    public const string ProbeMatchesAction = "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches";

    /// <summary>A UDP datagram cannot be larger; ONVIF answers are 1–3 KiB.</summary>
    public static readonly XmlLimits Limits = new(65_535, 32, 4_000);

    private const int MaxMatches = 64;
    private const int MaxListItems = 64;

    /// <summary>A Probe for <paramref name="typePrefix"/>:<paramref name="typeName"/> in <paramref name="typeNamespace"/>.</summary>
    public static byte[] BuildProbe(string messageId, string typeNamespace, string typePrefix, string typeName)
    {
        using var buffer = new MemoryStream(768);
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", OnvifNamespaces.Soap12);
            w.WriteAttributeString("xmlns", "a", null, OnvifNamespaces.Wsa2004);
            w.WriteAttributeString("xmlns", "d", null, OnvifNamespaces.Discovery);
            w.WriteAttributeString("xmlns", typePrefix, null, typeNamespace);
            w.WriteStartElement("s", "Header", OnvifNamespaces.Soap12);
            w.WriteStartElement("a", "Action", OnvifNamespaces.Wsa2004);
            w.WriteAttributeString("s", "mustUnderstand", OnvifNamespaces.Soap12, "1");
            w.WriteString(ProbeAction);
            w.WriteEndElement();
            w.WriteElementString("a", "MessageID", OnvifNamespaces.Wsa2004, messageId);
            w.WriteStartElement("a", "ReplyTo", OnvifNamespaces.Wsa2004);
            w.WriteElementString("a", "Address", OnvifNamespaces.Wsa2004, "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous");
            w.WriteEndElement();
            w.WriteStartElement("a", "To", OnvifNamespaces.Wsa2004);
            w.WriteAttributeString("s", "mustUnderstand", OnvifNamespaces.Soap12, "1");
            w.WriteString("urn:schemas-xmlsoap-org:ws:2005:04:discovery");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("s", "Body", OnvifNamespaces.Soap12);
            w.WriteStartElement("d", "Probe", OnvifNamespaces.Discovery);
            w.WriteElementString("d", "Types", OnvifNamespaces.Discovery, typePrefix + ":" + typeName);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Parses a ProbeMatches datagram. Returns null for anything else or anything malformed (a
    /// datagram on a discovery port is untrusted input; it is never an error), never throws.
    /// </summary>
    public static ProbeMatchesMessage? ParseProbeMatches(ReadOnlyMemory<byte> datagram, System.Net.IPAddress? remote = null)
    {
        XmlElementNode envelope;
        try
        {
            envelope = BoundedXmlLoader.Load(datagram, Limits);
        }
        catch (OnvifMalformedResponseException)
        {
            return null;
        }

        if (SoapResponseReader.VersionOf(envelope) is null) return null;
        var matches = envelope.Child("Body")?.Child("ProbeMatches");
        if (matches is null) return null;
        var relatesTo = envelope.Child("Header")?.Child("RelatesTo")?.Text;
        var devices = new List<DiscoveredDevice>();
        foreach (var m in matches.ChildrenNamed("ProbeMatch"))
        {
            if (devices.Count >= MaxMatches) break;
            var xaddrs = new List<Uri>();
            foreach (var x in SplitList(m.PathText("XAddrs")))
            {
                if (OnvifUris.ParseHttp(x) is { } uri) xaddrs.Add(uri);
            }

            var scopes = SplitList(m.PathText("Scopes"));
            devices.Add(new DiscoveredDevice(
                m.PathText("EndpointReference", "Address") ?? string.Empty,
                xaddrs,
                SplitList(m.PathText("Types")),
                scopes,
                Scope(scopes, "name/"),
                Scope(scopes, "hardware/"),
                Scope(scopes, "location/"),
                XsdValues.ParseInt(m.PathText("MetadataVersion")),
                remote));
        }

        return new ProbeMatchesMessage(string.IsNullOrEmpty(relatesTo) ? null : relatesTo, devices);
    }

    private static IReadOnlyList<string> SplitList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var items = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return items.Length > MaxListItems ? items[..MaxListItems] : items;
    }

    /// <summary>The unescaped rest of the first <c>onvif://www.onvif.org/&lt;kind&gt;…</c> scope.</summary>
    private static string? Scope(IReadOnlyList<string> scopes, string kind)
    {
        const string Prefix = "onvif://www.onvif.org/";
        foreach (var s in scopes)
        {
            if (!s.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = s.AsSpan(Prefix.Length);
            if (!rest.StartsWith(kind, StringComparison.OrdinalIgnoreCase)) continue;
            var value = rest[kind.Length..].TrimEnd('/').ToString();
            if (value.Length == 0) continue;
            try
            {
                return Uri.UnescapeDataString(value);
            }
            catch (UriFormatException)
            {
                return value;
            }
        }

        return null;
    }
}
