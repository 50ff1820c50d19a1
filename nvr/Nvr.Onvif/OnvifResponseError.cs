namespace Nvr.Onvif;

/// <summary>Why a device response was refused by <see cref="OnvifMalformedResponseException"/>.</summary>
public enum OnvifResponseError
{
    /// <summary>The body is larger than the configured maximum (checked while reading, before parsing).</summary>
    TooLarge,
    /// <summary>Elements nest deeper than the configured maximum.</summary>
    TooDeep,
    /// <summary>More elements than the configured maximum.</summary>
    TooManyElements,
    /// <summary>Not well-formed XML, or it contains a DTD (prohibited).</summary>
    InvalidXml,
    /// <summary>Well-formed XML but not a SOAP envelope with a body.</summary>
    NotSoap,
    /// <summary>A SOAP envelope without the element the operation must return.</summary>
    MissingElement,
    /// <summary>An element holds a value that cannot be used (bad number, date, URI).</summary>
    InvalidValue,
}
