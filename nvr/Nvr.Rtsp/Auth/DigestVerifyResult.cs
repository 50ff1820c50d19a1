namespace Nvr.Rtsp.Auth;

/// <summary>Outcome of <see cref="DigestVerifier.Verify"/>.</summary>
public enum DigestVerifyResult
{
    /// <summary>The response matches and the nonce is the one issued.</summary>
    Valid,
    /// <summary>The response matches an old nonce: answer 401 with stale=true and a new nonce (RFC 7616 §3.3).</summary>
    Stale,
    /// <summary>Wrong password, user, or realm.</summary>
    Invalid,
    /// <summary>Not a Digest header, fields missing, or an unsupported algorithm/qop.</summary>
    Malformed,
}
