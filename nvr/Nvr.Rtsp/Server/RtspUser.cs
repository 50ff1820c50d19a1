using Nvr.Rtsp.Auth;

namespace Nvr.Rtsp.Server;

/// <summary>
/// One viewer account as stored: its name and its HA1 values for one realm. <see cref="ToString"/>
/// shows the name only.
/// </summary>
/// <param name="Name">User name (case-sensitive, as digest compares it).</param>
/// <param name="Realm">The realm the HA1 values were computed for.</param>
/// <param name="Md5Ha1">H(user:realm:password) with MD5, lower-case hex; null if not stored.</param>
/// <param name="Sha256Ha1">The same with SHA-256; null if not stored.</param>
public sealed record RtspUser(string Name, string Realm, string? Md5Ha1, string? Sha256Ha1)
{
    /// <summary>Computes both HA1 values from a password, which is not kept.</summary>
    public static RtspUser FromPassword(string name, string realm, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        return new RtspUser(
            name,
            realm,
            DigestVerifier.ComputeHa1(DigestAlgorithm.Md5, name, realm, password),
            DigestVerifier.ComputeHa1(DigestAlgorithm.Sha256, name, realm, password));
    }

    public override string ToString() => $"RtspUser({Name})";
}
