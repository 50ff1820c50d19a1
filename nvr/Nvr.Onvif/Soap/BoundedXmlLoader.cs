using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Hardened XML reading for everything a device sends (SOAP responses, WS-Discovery datagrams):
/// DTDs prohibited (no entity expansion: "billion laughs"), no resolver (no external fetches),
/// and size, depth and element-count bounds, so a hostile or broken device costs bounded memory
/// and CPU. Builds an <see cref="XmlElementNode"/> tree; comments and processing instructions are
/// dropped.
/// </summary>
internal static class BoundedXmlLoader
{
    /// <summary>
    /// Parses <paramref name="document"/>. Throws <see cref="OnvifMalformedResponseException"/>
    /// (and nothing else) when the document is too large, too deep, has too many elements or is not
    /// well-formed XML.
    /// </summary>
    public static XmlElementNode Load(ReadOnlyMemory<byte> document, XmlLimits limits, Uri? endpoint = null)
    {
        if (document.Length > limits.MaxBytes)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.TooLarge, $"response of {document.Length} bytes exceeds the limit of {limits.MaxBytes}", endpoint);
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            CloseInput = true,
        };

        MemoryStream input = MemoryMarshal.TryGetArray(document, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(document.ToArray(), writable: false);
        try
        {
            using var reader = XmlReader.Create(input, settings);
            return Build(reader, limits, endpoint);
        }
        catch (XmlException e)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.InvalidXml, $"response is not well-formed XML: {e.Message}", endpoint, e);
        }
        catch (DecoderFallbackException e)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.InvalidXml, "response has invalid character encoding", endpoint, e);
        }
        catch (ArgumentException e)
        {
            // XmlReader reports some encoding declarations it cannot honour this way.
            throw new OnvifMalformedResponseException(OnvifResponseError.InvalidXml, $"response cannot be decoded: {e.Message}", endpoint, e);
        }
    }

    private static XmlElementNode Build(XmlReader reader, XmlLimits limits, Uri? endpoint)
    {
        XmlElementNode? root = null;
        var open = new Stack<XmlElementNode>();
        var texts = new Stack<StringBuilder?>();
        int elements = 0;

        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    {
                        if (root is not null && open.Count == 0)
                        {
                            throw new OnvifMalformedResponseException(OnvifResponseError.InvalidXml, "response has more than one root element", endpoint);
                        }

                        if (open.Count >= limits.MaxDepth)
                        {
                            throw new OnvifMalformedResponseException(OnvifResponseError.TooDeep, $"response nests deeper than {limits.MaxDepth} elements", endpoint);
                        }

                        if (++elements > limits.MaxElements)
                        {
                            throw new OnvifMalformedResponseException(OnvifResponseError.TooManyElements, $"response has more than {limits.MaxElements} elements", endpoint);
                        }

                        var parent = open.Count > 0 ? open.Peek() : null;
                        var node = new XmlElementNode(reader.Prefix, reader.LocalName, reader.NamespaceURI, parent);
                        parent?.AddChild(node);
                        root ??= node;
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                if (reader.NamespaceURI == "http://www.w3.org/2000/xmlns/")
                                {
                                    node.AddNamespaceDeclaration(reader.Prefix == "xmlns" ? reader.LocalName : string.Empty, reader.Value);
                                }
                                else
                                {
                                    node.AddAttribute(new XmlAttributeValue(reader.Prefix, reader.LocalName, reader.NamespaceURI, reader.Value));
                                }
                            }
                            while (reader.MoveToNextAttribute());
                            reader.MoveToElement();
                        }

                        if (!reader.IsEmptyElement)
                        {
                            open.Push(node);
                            texts.Push(null);
                        }

                        break;
                    }

                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.Whitespace:
                    if (open.Count > 0)
                    {
                        var sb = texts.Pop() ?? new StringBuilder();
                        sb.Append(reader.Value);
                        texts.Push(sb);
                    }

                    break;

                case XmlNodeType.EndElement:
                    {
                        var node = open.Pop();
                        var sb = texts.Pop();
                        if (sb is not null) node.SetText(sb.ToString().Trim());
                        break;
                    }
            }
        }

        return root ?? throw new OnvifMalformedResponseException(OnvifResponseError.InvalidXml, "response has no root element", endpoint);
    }
}
