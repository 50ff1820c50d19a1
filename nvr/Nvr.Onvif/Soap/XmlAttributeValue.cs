namespace Nvr.Onvif.Soap;

/// <summary>One attribute of an <see cref="XmlElementNode"/> (namespace declarations are kept apart).</summary>
internal readonly record struct XmlAttributeValue(string Prefix, string LocalName, string NamespaceUri, string Value);
