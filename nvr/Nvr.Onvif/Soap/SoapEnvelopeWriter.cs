using System.Text;
using System.Xml;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Writes SOAP request envelopes with <see cref="XmlWriter"/> (SOAP 1.2 Part 1 §5 / SOAP 1.1 §4).
/// The body writer gets an <see cref="XmlWriter"/> positioned inside <c>s:Body</c>; the common
/// ONVIF prefixes are declared once on the envelope:
/// <code>
/// &lt;s:Envelope xmlns:s=… xmlns:tds=… xmlns:trt=… xmlns:tt=…&gt;
///   &lt;s:Header&gt; wsse:Security? wsa:Action? wsa:To? reference-parameters* &lt;/s:Header&gt;
///   &lt;s:Body&gt; (operation element) &lt;/s:Body&gt;
/// &lt;/s:Envelope&gt;
/// </code>
/// </summary>
internal static class SoapEnvelopeWriter
{
    private static readonly (string Prefix, string Uri)[] Prefixes =
    [
        ("tds", OnvifNamespaces.Device),
        ("trt", OnvifNamespaces.Media),
        ("tr2", OnvifNamespaces.Media2),
        ("tt", OnvifNamespaces.Schema),
        ("tev", OnvifNamespaces.Events),
        ("wsnt", OnvifNamespaces.Wsnt),
        ("tptz", OnvifNamespaces.Ptz),
    ];

    public static string EnvelopeNamespace(SoapVersion version) =>
        version == SoapVersion.Soap12 ? OnvifNamespaces.Soap12 : OnvifNamespaces.Soap11;

    public static byte[] Write(SoapVersion version, SoapHeader header, Action<XmlWriter> writeBody)
    {
        var soap = EnvelopeNamespace(version);
        using var buffer = new MemoryStream(1024);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = false,
            Indent = false,
            CloseOutput = false,
        };
        using (var w = XmlWriter.Create(buffer, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", soap);
            foreach (var (prefix, uri) in Prefixes) w.WriteAttributeString("xmlns", prefix, null, uri);
            w.WriteStartElement("s", "Header", soap);
            header.Security?.WriteTo(w, soap);
            if (header.To is not null)
            {
                if (header.Action is not null)
                {
                    w.WriteStartElement("wsa", "Action", OnvifNamespaces.Wsa);
                    w.WriteAttributeString("s", "mustUnderstand", soap, version == SoapVersion.Soap12 ? "true" : "1");
                    w.WriteString(header.Action);
                    w.WriteEndElement();
                }

                w.WriteElementString("wsa", "MessageID", OnvifNamespaces.Wsa, "urn:uuid:" + Guid.NewGuid().ToString("D"));
                w.WriteStartElement("wsa", "To", OnvifNamespaces.Wsa);
                w.WriteAttributeString("s", "mustUnderstand", soap, version == SoapVersion.Soap12 ? "true" : "1");
                w.WriteString(header.To.OriginalString);
                w.WriteEndElement();
            }

            if (header.ReferenceParameters is { } parameters)
            {
                foreach (var p in parameters) p.WriteTo(w, markAsReferenceParameter: true);
            }

            w.WriteEndElement();
            w.WriteStartElement("s", "Body", soap);
            writeBody(w);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }
}
