using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nvr.Onvif.Soap;

/// <summary>
/// HTTP Digest access authentication (RFC 7616; RFC 2617 compatible) for devices that want it
/// instead of, or on top of, WS-UsernameToken (ONVIF Core §5.12.1 allows either). Parses the
/// <c>WWW-Authenticate: Digest …</c> parameters and computes <c>Authorization</c> values with a
/// running nonce count.
/// </summary>
internal sealed class HttpDigestChallenge
{
    private int _nonceCount;

    private HttpDigestChallenge(string realm, string nonce, string? opaque, string algorithm, bool qopAuth)
    {
        Realm = realm;
        Nonce = nonce;
        Opaque = opaque;
        Algorithm = algorithm;
        QopAuth = qopAuth;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; }

    /// <summary>MD5, MD5-sess, SHA-256 or SHA-256-sess (RFC 7616 §3.3).</summary>
    public string Algorithm { get; }

    /// <summary>The server offered qop=auth (auth-int is not used).</summary>
    public bool QopAuth { get; }

    /// <summary>Parses the parameter part after "Digest ", or returns null when unusable.</summary>
    public static HttpDigestChallenge? Parse(string? parameters)
    {
        if (string.IsNullOrEmpty(parameters) || parameters.Length > 4096) return null;
        var values = ParseParameters(parameters);
        if (!values.TryGetValue("nonce", out var nonce) || nonce.Length == 0) return null;
        values.TryGetValue("realm", out var realm);
        values.TryGetValue("opaque", out var opaque);
        var algorithm = values.TryGetValue("algorithm", out var a) ? a : "MD5";
        if (!algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase)
            && !algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase)
            && !algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase)
            && !algorithm.Equals("SHA-256-sess", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        bool qopAuth = values.TryGetValue("qop", out var qop)
            && qop.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase);
        return new HttpDigestChallenge(realm ?? string.Empty, nonce, opaque, algorithm, qopAuth);
    }

    /// <summary>The Authorization header parameters (after "Digest ") for one request.</summary>
    public string CreateAuthorization(string method, string uri, string username, string password)
    {
        Span<byte> cnonceBytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(cnonceBytes);
        return CreateAuthorization(method, uri, username, password, Convert.ToHexStringLower(cnonceBytes), Interlocked.Increment(ref _nonceCount));
    }

    internal string CreateAuthorization(string method, string uri, string username, string password, string cnonce, int nonceCount)
    {
        bool sha256 = Algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase);
        bool sess = Algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
        string nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        string ha1 = Hash(sha256, $"{username}:{Realm}:{password}");
        if (sess) ha1 = Hash(sha256, $"{ha1}:{Nonce}:{cnonce}");
        string ha2 = Hash(sha256, $"{method}:{uri}");
        string response = QopAuth
            ? Hash(sha256, $"{ha1}:{Nonce}:{nc}:{cnonce}:auth:{ha2}")
            : Hash(sha256, $"{ha1}:{Nonce}:{ha2}");

        var sb = new StringBuilder(256);
        sb.Append("username=\"").Append(Escape(username)).Append('"');
        sb.Append(", realm=\"").Append(Escape(Realm)).Append('"');
        sb.Append(", nonce=\"").Append(Escape(Nonce)).Append('"');
        sb.Append(", uri=\"").Append(Escape(uri)).Append('"');
        sb.Append(", algorithm=").Append(Algorithm);
        sb.Append(", response=\"").Append(response).Append('"');
        if (QopAuth) sb.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
        if (Opaque is not null) sb.Append(", opaque=\"").Append(Escape(Opaque)).Append('"');
        return sb.ToString();
    }

    internal static string Hash(bool sha256, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return sha256 ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : Convert.ToHexStringLower(MD5.HashData(bytes));
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>RFC 7235 §2.1 auth-param list: <c>name=token</c> or <c>name="quoted \" string"</c>, comma separated.</summary>
    internal static Dictionary<string, string> ParseParameters(string s)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < s.Length && result.Count < 32)
        {
            while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i]))) i++;
            int nameStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',') i++;
            var name = s[nameStart..i].Trim();
            if (i >= s.Length || s[i] != '=')
            {
                continue;
            }

            i++;
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            var value = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    value.Append(s[i]);
                    i++;
                }

                i++;
            }
            else
            {
                while (i < s.Length && s[i] != ',') value.Append(s[i++]);
            }

            if (name.Length > 0) result[name] = value.ToString().Trim();
        }

        return result;
    }
}
