using System.Security.Cryptography;
using System.Text;

namespace Nvr.Rtsp.Auth;

/// <summary>
/// The Digest computations of RFC 7616 §3.4.1–§3.4.3 (RFC 2617 §3.2.2):
/// <code>
/// A1       = user ":" realm ":" password                       (MD5, SHA-256)
/// HA1      = H(A1);  for *-sess: H(H(A1) ":" nonce ":" cnonce)
/// HA2      = H(method ":" uri)                                  (qop=auth or none)
///            H(method ":" uri ":" H(body))                      (qop=auth-int)
/// response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) (qop present)
///            H(HA1 ":" nonce ":" HA2)                           (RFC 2069 legacy, no qop)
/// </code>
/// Hex digests are lower-case.
/// </summary>
public static class DigestHash
{
    /// <summary>Parses an algorithm parameter; null (absent) is MD5. Returns false for unsupported ones (SHA-512-256).</summary>
    public static bool TryParseAlgorithm(string? value, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (value is null) return true;
        switch (value.Trim().ToUpperInvariant())
        {
            case "MD5": algorithm = DigestAlgorithm.Md5; return true;
            case "MD5-SESS": algorithm = DigestAlgorithm.Md5Sess; return true;
            case "SHA-256": algorithm = DigestAlgorithm.Sha256; return true;
            case "SHA-256-SESS": algorithm = DigestAlgorithm.Sha256Sess; return true;
            default: return false;
        }
    }

    /// <summary>The algorithm's name as written in headers.</summary>
    public static string Name(DigestAlgorithm a) => a switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        _ => "SHA-256-sess",
    };

    public static bool IsSession(DigestAlgorithm a) => a is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess;

    /// <summary>Lower-case hex of H(<paramref name="text"/>) with the algorithm's hash function.</summary>
    public static string H(DigestAlgorithm a, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return a is DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess
            ? Convert.ToHexStringLower(MD5.HashData(bytes))
            : Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>H(user:realm:password), the value a server stores instead of the password.</summary>
    public static string Ha1(DigestAlgorithm a, string user, string realm, string password) => H(a, $"{user}:{realm}:{password}");

    /// <summary>The HA1 actually used in the response: <paramref name="ha1"/>, or its -sess derivation.</summary>
    public static string SessionHa1(DigestAlgorithm a, string ha1, string nonce, string? cnonce)
        => IsSession(a) ? H(a, $"{ha1}:{nonce}:{cnonce}") : ha1;

    /// <summary>The request-digest from a stored (non-session) HA1.</summary>
    public static string Response(DigestAlgorithm a, string ha1, string nonce, string method, string uri, string? qop, string? nc, string? cnonce, ReadOnlySpan<byte> body = default)
    {
        string effectiveHa1 = SessionHa1(a, ha1, nonce, cnonce);
        string ha2 = qop is not null && qop.Equals("auth-int", StringComparison.OrdinalIgnoreCase)
            ? H(a, $"{method}:{uri}:{HBytes(a, body)}")
            : H(a, $"{method}:{uri}");
        return qop is null
            ? H(a, $"{effectiveHa1}:{nonce}:{ha2}")
            : H(a, $"{effectiveHa1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    private static string HBytes(DigestAlgorithm a, ReadOnlySpan<byte> data)
        => a is DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess
            ? Convert.ToHexStringLower(MD5.HashData(data))
            : Convert.ToHexStringLower(SHA256.HashData(data));
}
