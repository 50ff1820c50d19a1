namespace Nvr.Rtsp.Auth;

/// <summary>Result of <see cref="DigestAuthenticator.Authenticate"/>.</summary>
public enum AuthOutcome
{
    /// <summary>Go ahead (valid credentials, or anonymous access enabled).</summary>
    Allowed,
    /// <summary>No (usable) credentials: answer 401 with fresh challenges. Not a failure.</summary>
    Challenge,
    /// <summary>Right credentials on an expired nonce: 401 with stale=true. Not a failure (RFC 7616 §3.3).</summary>
    Stale,
    /// <summary>Wrong user or password: 401, counted towards the address's block.</summary>
    Failed,
    /// <summary>The address is blocked after repeated failures: 503 with Retry-After.</summary>
    Throttled,
}
