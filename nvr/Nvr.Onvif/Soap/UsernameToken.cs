using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Nvr.Onvif.Soap;

/// <summary>
/// WS-Security UsernameToken with PasswordDigest (OASIS Web Services Security UsernameToken
/// Profile 1.0 §3.1, required by ONVIF Core §5.12.2):
/// <c>Password_Digest = Base64(SHA-1(nonce + created + password))</c>, where nonce is the raw
/// bytes, created the UTF-8 xs:dateTime text. <c>created</c> is taken from the device's clock
/// (our clock plus the offset measured with GetSystemDateAndTime), because devices reject tokens
/// whose Created is more than a few seconds off their own time.
/// </summary>
internal readonly record struct UsernameToken(string Username, string Nonce, string Created, string Digest)
{
    public static UsernameToken Create(string username, string password, DateTimeOffset deviceNow)
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Create(username, password, deviceNow, nonce);
    }

    public static UsernameToken Create(string username, string password, DateTimeOffset deviceNow, ReadOnlySpan<byte> nonce)
    {
        // Whole seconds, UTC, 'Z': the most widely accepted form (fractions are refused by some old
        // Dahua firmware).
        string created = deviceNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new UsernameToken(username, Convert.ToBase64String(nonce), created, ComputeDigest(nonce, created, password));
    }

    public static string ComputeDigest(ReadOnlySpan<byte> nonce, string created, string password)
    {
        int createdLength = Encoding.UTF8.GetByteCount(created);
        int passwordLength = Encoding.UTF8.GetByteCount(password);
        var buffer = new byte[nonce.Length + createdLength + passwordLength];
        nonce.CopyTo(buffer);
        Encoding.UTF8.GetBytes(created, buffer.AsSpan(nonce.Length));
        Encoding.UTF8.GetBytes(password, buffer.AsSpan(nonce.Length + createdLength));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(buffer, hash);
        CryptographicOperations.ZeroMemory(buffer);
        return Convert.ToBase64String(hash);
    }

    /// <summary>Writes <c>wsse:Security</c> with the token (inside the SOAP Header).</summary>
    public void WriteTo(XmlWriter w, string soapNamespace)
    {
        w.WriteStartElement("wsse", "Security", OnvifNamespaces.Wsse);
        w.WriteAttributeString("s", "mustUnderstand", soapNamespace, soapNamespace == OnvifNamespaces.Soap12 ? "true" : "1");
        w.WriteStartElement("wsse", "UsernameToken", OnvifNamespaces.Wsse);
        w.WriteElementString("wsse", "Username", OnvifNamespaces.Wsse, Username);
        w.WriteStartElement("wsse", "Password", OnvifNamespaces.Wsse);
        w.WriteAttributeString("Type", OnvifNamespaces.PasswordDigestType);
        w.WriteString(Digest);
        w.WriteEndElement();
        w.WriteStartElement("wsse", "Nonce", OnvifNamespaces.Wsse);
        w.WriteAttributeString("EncodingType", OnvifNamespaces.Base64BinaryEncoding);
        w.WriteString(Nonce);
        w.WriteEndElement();
        w.WriteElementString("wsu", "Created", OnvifNamespaces.Wsu, Created);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
