using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// A parsed Authorization header (RFC 7235 §4.2): Basic credentials (RFC 7617 §2) or a Digest
/// response (RFC 7616 §3.4, RFC 2617 §3.2.2). Used by the server side.
/// </summary>
public sealed class RtspAuthorization
{
    private readonly Dictionary<string, string> _params;

    private RtspAuthorization(string scheme, string? token68, Dictionary<string, string> parameters)
    {
        Scheme = scheme;
        Token68 = token68;
        _params = parameters;
    }

    public string Scheme { get; }
    public string? Token68 { get; }
    public IReadOnlyDictionary<string, string> Parameters => _params;
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    public string? UserName => Get("username");
    public string? Realm => Get("realm");
    public string? Nonce => Get("nonce");
    public string? Uri => Get("uri");
    public string? Response => Get("response");
    public string? Algorithm => Get("algorithm");
    public string? Qop => Get("qop");
    public string? NonceCount => Get("nc");
    public string? ClientNonce => Get("cnonce");
    public string? Opaque => Get("opaque");

    public string? Get(string name) => _params.TryGetValue(name, out var v) ? v : null;

    public static bool TryParse(string? value, [NotNullWhen(true)] out RtspAuthorization? authorization)
    {
        authorization = null;
        if (value is null) return false;
        var items = AuthHeaderParser.Parse(value);
        if (items.Count != 1) return false;
        authorization = new RtspAuthorization(items[0].Scheme, items[0].Token68, items[0].Params);
        return true;
    }

    /// <summary>Decodes Basic credentials (<c>base64(user ":" password)</c>); false when not Basic or malformed.</summary>
    public bool TryGetBasic([NotNullWhen(true)] out string? user, [NotNullWhen(true)] out string? password)
    {
        user = password = null;
        if (!IsBasic || Token68 is null || Token68.Length > 4096) return false;
        var bytes = new byte[Token68.Length];
        if (!Convert.TryFromBase64String(Token68, bytes, out int n)) return false;
        var text = Encoding.UTF8.GetString(bytes, 0, n);
        int colon = text.IndexOf(':');
        if (colon < 0) return false;
        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
