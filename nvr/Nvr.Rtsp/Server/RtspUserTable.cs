using Nvr.Rtsp.Auth;

namespace Nvr.Rtsp.Server;

/// <summary>An immutable <see cref="IRtspUserStore"/> over a list of <see cref="RtspUser"/> (users from configuration).</summary>
public sealed class RtspUserTable : IRtspUserStore
{
    private readonly Dictionary<string, RtspUser> _users = new(StringComparer.Ordinal);

    public RtspUserTable(IEnumerable<RtspUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var user in users)
        {
            if (!_users.TryAdd(user.Name, user)) throw new ArgumentException($"user '{user.Name}' is listed twice", nameof(users));
        }
    }

    public int Count => _users.Count;

    public string? FindHa1(string userName, string realm, DigestAlgorithm algorithm)
    {
        if (!_users.TryGetValue(userName, out var user) || user.Realm != realm) return null;
        return algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess ? user.Sha256Ha1 : user.Md5Ha1;
    }
}
