using System.Security.Cryptography;
using System.Text;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Auth;

/// <summary>
/// Server side of Digest authentication (RFC 7616 §3.4–§3.5, RFC 2617 §3.2.2): checks an
/// Authorization header against the stored HA1 = H(user:realm:password) of the user, the request
/// method, and the nonce the server issued. Nonce-count replay tracking is the caller's business.
/// </summary>
public static class DigestVerifier
{
    /// <summary>The HA1 to store for a user (the password itself need not be kept).</summary>
    public static string ComputeHa1(DigestAlgorithm algorithm, string user, string realm, string password)
        => DigestHash.Ha1(algorithm, user, realm, password);

    /// <summary>
    /// Verifies <paramref name="authorization"/>. <paramref name="ha1"/> must have been computed with
    /// the same hash family (MD5 or SHA-256) as the header's algorithm; <paramref name="realm"/> is the
    /// server's realm.
    /// </summary>
    public static DigestVerifyResult Verify(RtspAuthorization authorization, string method, string ha1, string realm, string issuedNonce)
    {
        if (!authorization.IsDigest) return DigestVerifyResult.Malformed;
        string? nonce = authorization.Nonce, uri = authorization.Uri, response = authorization.Response;
        if (nonce is null || uri is null || response is null || authorization.UserName is null) return DigestVerifyResult.Malformed;
        if (!DigestHash.TryParseAlgorithm(authorization.Algorithm, out var alg)) return DigestVerifyResult.Malformed;
        string? qop = authorization.Qop;
        string? nc = authorization.NonceCount, cnonce = authorization.ClientNonce;
        if (qop is not null)
        {
            if (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase)) return DigestVerifyResult.Malformed;
            if (nc is null || cnonce is null) return DigestVerifyResult.Malformed;
        }
        if (DigestHash.IsSession(alg) && cnonce is null) return DigestVerifyResult.Malformed;
        if (authorization.Realm != realm) return DigestVerifyResult.Invalid;
        string expected = DigestHash.Response(alg, ha1, nonce, method, uri, qop, nc, cnonce);
        bool match = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant()));
        if (!match) return DigestVerifyResult.Invalid;
        return nonce == issuedNonce ? DigestVerifyResult.Valid : DigestVerifyResult.Stale;
    }
}
