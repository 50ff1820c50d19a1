namespace Nvr.Onvif.Soap;

/// <summary>XML namespaces of the SOAP, WS-* and ONVIF schemas used here, with the prefixes we write.</summary>
internal static class OnvifNamespaces
{
    /// <summary>SOAP 1.2 envelope (W3C SOAP 1.2 Part 1 §5).</summary>
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>SOAP 1.1 envelope (W3C Note SOAP 1.1 §4).</summary>
    public const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>WS-Security 1.0 secext (OASIS WSS SOAP Message Security 1.0).</summary>
    public const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /// <summary>WS-Security utility (wsu:Created).</summary>
    public const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>UsernameToken Profile 1.0 §3.1 password type.</summary>
    public const string PasswordDigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

    /// <summary>Nonce encoding (SOAP Message Security 1.0).</summary>
    public const string Base64BinaryEncoding = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    /// <summary>WS-Addressing 1.0 (W3C), used by WS-BaseNotification.</summary>
    public const string Wsa = "http://www.w3.org/2005/08/addressing";

    /// <summary>WS-Addressing 2004/08, used by WS-Discovery 2005/04.</summary>
    public const string Wsa2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    /// <summary>WS-Discovery April 2005, the version ONVIF Core §7.3 requires.</summary>
    public const string Discovery = "http://schemas.xmlsoap.org/ws/2005/04/discovery";

    /// <summary>ONVIF device types for discovery (dn:NetworkVideoTransmitter).</summary>
    public const string NetworkWsdl = "http://www.onvif.org/ver10/network/wsdl";

    public const string Device = "http://www.onvif.org/ver10/device/wsdl";
    public const string Media = "http://www.onvif.org/ver10/media/wsdl";
    public const string Media2 = "http://www.onvif.org/ver20/media/wsdl";
    public const string Events = "http://www.onvif.org/ver10/events/wsdl";
    public const string Ptz = "http://www.onvif.org/ver20/ptz/wsdl";
    public const string Imaging = "http://www.onvif.org/ver20/imaging/wsdl";
    public const string DeviceIo = "http://www.onvif.org/ver10/deviceIO/wsdl";
    public const string Schema = "http://www.onvif.org/ver10/schema";
    public const string Error = "http://www.onvif.org/ver10/error";

    /// <summary>WS-BaseNotification 1.3 (OASIS wsn-b-2).</summary>
    public const string Wsnt = "http://docs.oasis-open.org/wsn/b-2";
}
