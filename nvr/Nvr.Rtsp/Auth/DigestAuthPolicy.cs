namespace Nvr.Rtsp.Auth;

/// <summary>
/// What a <see cref="DigestAuthenticator"/> accepts and how it throttles; shared by the RTSP server
/// and the HTTP endpoints so both protocols answer the same credentials the same way.
/// </summary>
/// <param name="Realm">Digest realm; stored HA1 values are computed for it.</param>
/// <param name="AllowAnonymous">Serve without credentials (only if explicitly enabled).</param>
/// <param name="AllowBasic">Also accept Basic (RFC 7617); the password crosses the network in clear.</param>
/// <param name="NonceLifetime">Age after which a nonce is answered with stale=true.</param>
/// <param name="MaxAuthFailures">Wrong credentials from one address within <paramref name="AuthFailureWindow"/> before it is blocked.</param>
/// <param name="AuthFailureWindow">Window in which failures are counted.</param>
/// <param name="AuthBlockDuration">How long a blocked address is refused.</param>
public sealed record DigestAuthPolicy(
    string Realm,
    bool AllowAnonymous,
    bool AllowBasic,
    TimeSpan NonceLifetime,
    int MaxAuthFailures,
    TimeSpan AuthFailureWindow,
    TimeSpan AuthBlockDuration);
