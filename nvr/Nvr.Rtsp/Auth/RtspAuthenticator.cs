using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Auth;

/// <summary>
/// Client side of RTSP authentication: picks the strongest challenge the server offers (Digest
/// SHA-256 &gt; Digest MD5/MD5-sess &gt; Basic), then produces the Authorization header for each
/// request (RFC 7616 §3.4, RFC 2617 §3.2.2, RFC 7617 §2). Not thread-safe: one per connection.
/// </summary>
/// <remarks>
/// Many cameras (Hikvision among them) send Digest without qop (RFC 2069 legacy); the
/// response is then H(HA1:nonce:HA2). Dahua offers Digest and Basic in two headers. The
/// <c>algorithm</c> parameter is echoed only when the server sent one, like ffmpeg and live555:
/// some firmwares reject an algorithm they did not announce.
/// </remarks>
public sealed class RtspAuthenticator
{
    private readonly RtspCredentials _credentials;
    private readonly Func<string> _cnonce;
    private RtspAuthChallenge? _challenge;
    private DigestAlgorithm _algorithm;
    private int _nonceCount;

    public RtspAuthenticator(RtspCredentials credentials, Func<string>? cnonceFactory = null)
    {
        _credentials = credentials;
        _cnonce = cnonceFactory ?? (() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>True once a challenge was accepted; requests then carry Authorization.</summary>
    public bool HasChallenge => _challenge is not null;
    /// <summary>"Basic" or "Digest" once chosen.</summary>
    public string? Scheme => _challenge?.Scheme;
    /// <summary>The chosen digest algorithm (meaningful when <see cref="Scheme"/> is Digest).</summary>
    public DigestAlgorithm Algorithm => _algorithm;

    /// <summary>
    /// Takes the challenges of a 401 response. Returns false when none is usable. <paramref name="isStale"/>
    /// is true when the server only renewed its nonce (stale=true): the caller should retry without
    /// counting a failed attempt.
    /// </summary>
    public bool TryAccept(IEnumerable<string> wwwAuthenticate, out bool isStale)
    {
        isStale = false;
        RtspAuthChallenge? best = null;
        int bestRank = 0;
        DigestAlgorithm bestAlg = DigestAlgorithm.Md5;
        foreach (var c in RtspAuthChallenge.ParseAll(wwwAuthenticate))
        {
            int rank = 0;
            var alg = DigestAlgorithm.Md5;
            if (c.IsDigest && c.Nonce is not null && c.Realm is not null && DigestHash.TryParseAlgorithm(c.Algorithm, out alg))
            {
                var qop = c.Qop;
                bool qopOk = qop.Count == 0 || qop.Contains("auth") || qop.Contains("auth-int");
                if (qopOk) rank = alg is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess ? 3 : 2;
            }
            else if (c.IsBasic) rank = 1;
            if (rank > bestRank)
            {
                best = c;
                bestRank = rank;
                bestAlg = alg;
            }
        }
        if (best is null) return false;
        isStale = best.IsDigest && best.Stale && _challenge is not null && _challenge.IsDigest;
        if (_challenge?.Nonce != best.Nonce) _nonceCount = 0;
        _challenge = best;
        _algorithm = bestAlg;
        return true;
    }

    /// <summary>The Authorization header value for a request, or null before any challenge.</summary>
    public string? CreateAuthorization(string method, string uri)
    {
        var c = _challenge;
        if (c is null) return null;
        if (c.IsBasic)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_credentials.UserName + ":" + _credentials.Password));
        }
        string realm = c.Realm!;
        string nonce = c.Nonce!;
        var qops = c.Qop;
        string? qop = qops.Contains("auth") ? "auth" : qops.Contains("auth-int") ? "auth-int" : null;
        string? nc = null, cnonce = null;
        if (qop is not null || DigestHash.IsSession(_algorithm))
        {
            cnonce = _cnonce();
        }
        if (qop is not null)
        {
            _nonceCount++;
            nc = _nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        }
        string ha1 = DigestHash.Ha1(_algorithm, _credentials.UserName, realm, _credentials.Password);
        string response = DigestHash.Response(_algorithm, ha1, nonce, method, uri, qop, nc, cnonce);
        var sb = new StringBuilder("Digest ");
        sb.Append("username=").Append(AuthHeaderParser.Quote(_credentials.UserName));
        sb.Append(", realm=").Append(AuthHeaderParser.Quote(realm));
        sb.Append(", nonce=").Append(AuthHeaderParser.Quote(nonce));
        sb.Append(", uri=").Append(AuthHeaderParser.Quote(uri));
        sb.Append(", response=").Append(AuthHeaderParser.Quote(response));
        if (c.Algorithm is not null) sb.Append(", algorithm=").Append(DigestHash.Name(_algorithm));
        if (cnonce is not null) sb.Append(", cnonce=").Append(AuthHeaderParser.Quote(cnonce));
        if (c.Opaque is not null) sb.Append(", opaque=").Append(AuthHeaderParser.Quote(c.Opaque));
        if (qop is not null) sb.Append(", qop=").Append(qop).Append(", nc=").Append(nc);
        return sb.ToString();
    }
}
