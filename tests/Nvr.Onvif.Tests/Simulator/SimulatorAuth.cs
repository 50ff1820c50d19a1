using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>
/// The simulator's own checks of WS-UsernameToken (UsernameToken Profile 1.0 §3.1) and HTTP Digest
/// (RFC 7616), written independently of the library's client code.
/// </summary>
public static class SimulatorAuth
{
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>Null when valid, else why not.</summary>
    public static string? CheckUsernameToken(XElement? header, string username, string password, DateTimeOffset deviceNow, TimeSpan window)
    {
        var token = header?.Element(Wsse + "Security")?.Element(Wsse + "UsernameToken");
        if (token is null) return "no UsernameToken";
        if ((string?)token.Element(Wsse + "Username") != username) return "unknown user";
        var passwordElement = token.Element(Wsse + "Password");
        if (passwordElement is null) return "no password";
        var type = (string?)passwordElement.Attribute("Type") ?? "";
        if (type.EndsWith("#PasswordText", StringComparison.Ordinal))
        {
            return passwordElement.Value == password ? null : "wrong password";
        }

        var nonceText = (string?)token.Element(Wsse + "Nonce");
        var created = (string?)token.Element(Wsu + "Created") ?? (string?)token.Element(Wsse + "Created");
        if (nonceText is null || created is null) return "no nonce or created";
        byte[] nonce;
        try
        {
            nonce = Convert.FromBase64String(nonceText);
        }
        catch (FormatException)
        {
            return "bad nonce";
        }

        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(password)]));
        if (expected != passwordElement.Value.Trim()) return "wrong password";
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdTime)) return "bad created";
        if ((createdTime - deviceNow).Duration() > window) return $"created {createdTime:O} is outside ±{window.TotalSeconds} s of device time {deviceNow:O}";
        return null;
    }

    /// <summary>Null when the Authorization header carries a valid digest for one of <paramref name="nonces"/>.</summary>
    public static string? CheckDigest(string? authorization, string method, string realm, string username, string password, IReadOnlySet<string> nonces)
    {
        if (authorization is null || !authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) return "no digest";
        var p = Parse(authorization[7..]);
        string Get(string k) => p.TryGetValue(k, out var v) ? v : "";
        if (Get("username") != username) return "unknown user";
        if (Get("realm") != realm) return "wrong realm";
        if (!nonces.Contains(Get("nonce"))) return "stale nonce";
        string ha1 = Md5($"{username}:{realm}:{password}");
        string ha2 = Md5($"{method}:{Get("uri")}");
        string expected = Get("qop") == "auth"
            ? Md5($"{ha1}:{Get("nonce")}:{Get("nc")}:{Get("cnonce")}:auth:{ha2}")
            : Md5($"{ha1}:{Get("nonce")}:{ha2}");
        return expected == Get("response") ? null : "wrong password";
    }

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    private static Dictionary<string, string> Parse(string s)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in SplitTopLevel(s))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            d[part[..eq].Trim()] = part[(eq + 1)..].Trim().Trim('"');
        }

        return d;
    }

    private static IEnumerable<string> SplitTopLevel(string s)
    {
        var sb = new StringBuilder();
        bool quoted = false;
        foreach (var c in s)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted)
            {
                yield return sb.ToString();
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        if (sb.Length > 0) yield return sb.ToString();
    }
}
