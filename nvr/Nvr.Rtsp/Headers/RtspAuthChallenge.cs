namespace Nvr.Rtsp.Headers;

/// <summary>
/// One challenge of a WWW-Authenticate header (RFC 7235 §4.1; Basic RFC 7617, Digest RFC 7616 §3.3 /
/// RFC 2617 §3.2.1).
/// </summary>
public sealed class RtspAuthChallenge
{
    private readonly Dictionary<string, string> _params;

    internal RtspAuthChallenge(string scheme, Dictionary<string, string> parameters)
    {
        Scheme = scheme;
        _params = parameters;
    }

    /// <summary>"Basic", "Digest" (as sent).</summary>
    public string Scheme { get; }
    public IReadOnlyDictionary<string, string> Parameters => _params;

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);
    public string? Realm => Get("realm");
    public string? Nonce => Get("nonce");
    public string? Opaque => Get("opaque");
    /// <summary>The algorithm parameter as sent; null means MD5 (RFC 7616 §3.3).</summary>
    public string? Algorithm => Get("algorithm");
    /// <summary>The qop options (<c>auth</c>, <c>auth-int</c>), lower-cased; empty for legacy RFC 2069 digest.</summary>
    public IReadOnlyList<string> Qop => Get("qop") is string q
        ? q.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToArray()
        : [];
    /// <summary>
    /// stale=true: the nonce expired but the credentials were right (RFC 7616 §3.3).
    /// Tolerance (Hikvision): <c>stale="FALSE"</c> quoted and upper-case.
    /// </summary>
    public bool Stale => Get("stale") is string s && s.Equals("true", StringComparison.OrdinalIgnoreCase);

    public string? Get(string name) => _params.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every challenge in the given WWW-Authenticate header values (several headers, several challenges each).</summary>
    public static IReadOnlyList<RtspAuthChallenge> ParseAll(IEnumerable<string> headerValues)
    {
        var list = new List<RtspAuthChallenge>();
        foreach (var v in headerValues)
        {
            foreach (var item in AuthHeaderParser.Parse(v))
            {
                if (list.Count >= AuthHeaderParser.MaxItems) return list;
                list.Add(new RtspAuthChallenge(item.Scheme, item.Params));
            }
        }
        return list;
    }

    /// <summary>Formats a Digest challenge (server side) as a header value.</summary>
    public static string FormatDigest(string realm, string nonce, string? algorithm = null, string? qop = null, string? opaque = null, bool stale = false)
    {
        var s = $"Digest realm={AuthHeaderParser.Quote(realm)}, nonce={AuthHeaderParser.Quote(nonce)}";
        if (algorithm is not null) s += ", algorithm=" + algorithm;
        if (qop is not null) s += ", qop=" + AuthHeaderParser.Quote(qop);
        if (opaque is not null) s += ", opaque=" + AuthHeaderParser.Quote(opaque);
        if (stale) s += ", stale=TRUE";
        return s;
    }

    public override string ToString() => Scheme + " realm=" + Realm;
}
