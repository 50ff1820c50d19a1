using Nvr.Rtsp.Auth;

namespace Nvr.Rtsp.Server;

/// <summary>
/// The users who may watch, as digest HA1 values (RFC 7616 §3.4.2: H(user ":" realm ":" password)),
/// never passwords. Implemented by the executable over its configuration (see <see cref="RtspUserTable"/>).
/// </summary>
public interface IRtspUserStore
{
    /// <summary>
    /// The HA1 of <paramref name="userName"/> for <paramref name="realm"/> in the hash family of
    /// <paramref name="algorithm"/> (MD5 for MD5/MD5-sess, SHA-256 for SHA-256/SHA-256-sess), as
    /// lower-case hex; null when the user is unknown or has no HA1 of that family.
    /// </summary>
    string? FindHa1(string userName, string realm, DigestAlgorithm algorithm);
}
