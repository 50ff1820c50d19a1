using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Nvr.Rtsp.Headers;
using Nvr.Rtsp.Server;

namespace Nvr.Rtsp.Auth;

/// <summary>
/// Server-side authentication for RTSP (RFC 2326 §D.1) and HTTP (RFC 7235), which share the
/// scheme: Digest with SHA-256 and MD5 (RFC 7616, RFC 2617), Basic (RFC 7617) only when enabled,
/// anonymous only when enabled, and per-address throttling of wrong credentials
/// (<see cref="AuthThrottle"/>). Works on header values, so it knows neither protocol's messages.
/// </summary>
/// <remarks>
/// <para>Challenges go out as separate WWW-Authenticate fields, strongest first as RFC 7616 §3.7
/// asks: Digest SHA-256, Digest MD5, then Basic if enabled. Client quirk (FFmpeg 5.1
/// <c>libavformat/httpauth.c</c>): it keeps the <i>last</i> Digest challenge it sees and cannot
/// compute SHA-256, so MD5 must come after SHA-256 — which the RFC order gives.</para>
/// <para>Nonces are stateless: hex of an 8-byte issue time (UTC ticks from the
/// <see cref="TimeProvider"/>) and 16 bytes of HMAC-SHA256 over it with a per-process key. A
/// nonce with a valid MAC younger than <see cref="DigestAuthPolicy.NonceLifetime"/> is "issued";
/// a right response on an older (or foreign) nonce gets stale=true and a new nonce. Nonce counts
/// are not tracked (replay within the lifetime is accepted, as by most camera firmwares): the
/// session id, not the nonce, is what protects a session.</para>
/// <para>The digest <c>uri</c> field is not compared with the Request-URI: clients disagree on it
/// for SETUP (some send the aggregate URL), and it is covered by the response hash anyway.</para>
/// </remarks>
public sealed class DigestAuthenticator
{
    private const int StampBytes = 8;
    private const int MacBytes = 16;

    private readonly DigestAuthPolicy _options;
    private readonly IRtspUserStore? _users;
    private readonly TimeProvider _time;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly string _dummyMd5;
    private readonly string _dummySha256;

    public DigestAuthenticator(DigestAuthPolicy options, IRtspUserStore? users, TimeProvider time)
    {
        _options = options;
        _users = users;
        _time = time;
        Throttle = new AuthThrottle(options, time);
        // Unknown users are checked against a random HA1, so they cost the same as known ones.
        var dummy = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _dummyMd5 = DigestHash.Ha1(DigestAlgorithm.Md5, "-", options.Realm, dummy);
        _dummySha256 = DigestHash.Ha1(DigestAlgorithm.Sha256, "-", options.Realm, dummy);
    }

    public AuthThrottle Throttle { get; }

    /// <summary>
    /// Checks the credentials in an Authorization header value (null when absent) for a request with
    /// <paramref name="method"/>; <paramref name="userName"/> is set when allowed with credentials.
    /// </summary>
    public AuthOutcome Authenticate(string? authorizationHeader, string method, IPAddress remote, out string? userName, out TimeSpan retryAfter)
    {
        userName = null;
        retryAfter = TimeSpan.Zero;
        if (_options.AllowAnonymous) return AuthOutcome.Allowed;
        if (Throttle.IsBlocked(remote, out retryAfter)) return AuthOutcome.Throttled;
        if (!RtspAuthorization.TryParse(authorizationHeader, out var authorization)) return AuthOutcome.Challenge;

        AuthOutcome outcome;
        if (authorization.IsDigest) outcome = VerifyDigest(authorization, method, out userName);
        else if (authorization.IsBasic && _options.AllowBasic) outcome = VerifyBasic(authorization, out userName);
        else outcome = AuthOutcome.Challenge; // a scheme we did not offer
        if (outcome == AuthOutcome.Allowed) Throttle.RecordSuccess(remote);
        else if (outcome == AuthOutcome.Failed)
        {
            userName = authorization.IsDigest ? authorization.UserName : userName;
            Throttle.RecordFailure(remote);
        }
        if (outcome != AuthOutcome.Allowed && outcome != AuthOutcome.Failed) userName = null;
        return outcome;
    }

    /// <summary>The WWW-Authenticate values of a 401 response, one header field each, in order.</summary>
    public string[] Challenges(bool stale)
    {
        var nonce = NewNonce();
        var realm = _options.Realm;
        var sha256 = RtspAuthChallenge.FormatDigest(realm, nonce, "SHA-256", "auth", stale: stale);
        var md5 = RtspAuthChallenge.FormatDigest(realm, nonce, "MD5", "auth", stale: stale);
        return _options.AllowBasic ? [sha256, md5, $"Basic realm=\"{realm}\""] : [sha256, md5];
    }

    private AuthOutcome VerifyDigest(RtspAuthorization authorization, string method, out string? userName)
    {
        userName = authorization.UserName;
        if (userName is null || !DigestHash.TryParseAlgorithm(authorization.Algorithm, out var algorithm)) return AuthOutcome.Challenge;
        bool sha = algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess;
        var ha1 = _users?.FindHa1(userName, _options.Realm, algorithm);
        bool known = ha1 is not null;
        ha1 ??= sha ? _dummySha256 : _dummyMd5;
        var nonce = authorization.Nonce;
        string issued = nonce is not null && IsFreshNonce(nonce) ? nonce : "";
        var result = DigestVerifier.Verify(authorization, method, ha1, _options.Realm, issued);
        return result switch
        {
            DigestVerifyResult.Valid when known => AuthOutcome.Allowed,
            DigestVerifyResult.Stale when known => AuthOutcome.Stale,
            DigestVerifyResult.Malformed => AuthOutcome.Challenge,
            _ => AuthOutcome.Failed,
        };
    }

    private AuthOutcome VerifyBasic(RtspAuthorization authorization, out string? userName)
    {
        if (!authorization.TryGetBasic(out userName, out var password)) return AuthOutcome.Challenge;
        var stored = _users?.FindHa1(userName, _options.Realm, DigestAlgorithm.Sha256);
        var algorithm = DigestAlgorithm.Sha256;
        if (stored is null)
        {
            stored = _users?.FindHa1(userName, _options.Realm, DigestAlgorithm.Md5);
            algorithm = DigestAlgorithm.Md5;
        }
        bool known = stored is not null;
        stored ??= _dummySha256;
        var computed = DigestHash.Ha1(algorithm, userName, _options.Realm, password);
        bool match = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(stored.ToLowerInvariant()));
        return match && known ? AuthOutcome.Allowed : AuthOutcome.Failed;
    }

    private string NewNonce()
    {
        Span<byte> buffer = stackalloc byte[StampBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(buffer, _time.GetUtcNow().UtcTicks);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buffer[..StampBytes], mac);
        mac[..MacBytes].CopyTo(buffer[StampBytes..]);
        return Convert.ToHexStringLower(buffer);
    }

    private bool IsFreshNonce(string nonce)
    {
        if (nonce.Length != 2 * (StampBytes + MacBytes)) return false;
        Span<byte> buffer = stackalloc byte[StampBytes + MacBytes];
        if (Convert.FromHexString(nonce, buffer, out _, out int written) != System.Buffers.OperationStatus.Done || written != buffer.Length) return false;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buffer[..StampBytes], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacBytes], buffer[StampBytes..])) return false;
        long issuedTicks = BinaryPrimitives.ReadInt64BigEndian(buffer);
        long age = _time.GetUtcNow().UtcTicks - issuedTicks;
        return age >= 0 && age <= _options.NonceLifetime.Ticks;
    }

    /// <summary>Retry-After value (whole seconds, at least 1).</summary>
    public static string RetryAfter(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
