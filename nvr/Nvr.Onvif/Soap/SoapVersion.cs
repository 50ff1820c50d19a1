namespace Nvr.Onvif.Soap;

/// <summary>The SOAP envelope version a request is written in.</summary>
internal enum SoapVersion
{
    /// <summary>SOAP 1.2 (ONVIF Core §5.1 requires it of devices): <c>application/soap+xml</c>.</summary>
    Soap12,
    /// <summary>SOAP 1.1: <c>text/xml</c> with a SOAPAction header; a fallback for old firmware.</summary>
    Soap11,
}
