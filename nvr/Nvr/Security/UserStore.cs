using System.Security.Cryptography;
using System.Text;
using Nvr.Configuration;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Server;

namespace Nvr.Security;

/// <summary>
/// The configured users, held only as HTTP-Digest HA1 values (RFC 7616 §3.4.2:
/// H(username ":" realm ":" password)) for MD5 and SHA-256. Plaintext passwords are cleared from
/// the options once this is built, so they are never logged or served. The RTSP server reads the
/// same HA1 values (<see cref="IRtspUserStore"/>) with its realm set to <see cref="Realm"/>.
/// </summary>
public sealed class UserStore : IRtspUserStore
{
    /// <summary>The realm of every challenge nvr issues; HA1 values depend on it.</summary>
    public const string Realm = "nvr";

    private readonly Dictionary<string, (byte[] Md5, byte[] Sha256)> _users = new(StringComparer.Ordinal);

    public UserStore(NvrOptions options)
    {
        foreach (var u in options.Users)
        {
            _users[u.Name] = (Ha1(MD5.HashData, u.Name, u.Password ?? ""), Ha1(SHA256.HashData, u.Name, u.Password ?? ""));
            u.Password = null;
        }
    }

    public int Count => _users.Count;

    /// <summary>HA1 hex (lower case) for digest verification, or null for an unknown user.</summary>
    public string? Ha1Hex(string user, bool sha256) =>
        _users.TryGetValue(user, out var h) ? Encoding.ASCII.GetString(sha256 ? h.Sha256 : h.Md5) : null;

    /// <summary>The RTSP server's lookup: only for <see cref="Realm"/>, the realm the values were computed for.</summary>
    public string? FindHa1(string userName, string realm, DigestAlgorithm algorithm) =>
        realm == Realm ? Ha1Hex(userName, algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess) : null;

    /// <summary>Checks a plaintext password (MQTT CONNECT, HTTP Basic) in constant time.</summary>
    public bool Verify(string user, string password)
    {
        if (!_users.TryGetValue(user, out var h)) return false;
        return CryptographicOperations.FixedTimeEquals(h.Sha256, Ha1(SHA256.HashData, user, password));
    }

    private static byte[] Ha1(Func<byte[], byte[]> hash, string user, string password)
    {
        var digest = hash(Encoding.UTF8.GetBytes($"{user}:{Realm}:{password}"));
        return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(digest));
    }
}
