using System.Security.Cryptography;

namespace Nvr.Testing;

/// <summary>
/// Two test hosts: network namespaces joined by a veth pair, each with its own address in a
/// random 10.231.N.0/24 and a multicast route (224.0.0.0/4) on its veth. Multicast and any other
/// test traffic stays inside them. Needs root (CI runs as root); failing to create them fails
/// the test with the reason. Deleted on dispose.
/// </summary>
public sealed class NetworkNamespacePair : IAsyncDisposable
{
    private NetworkNamespacePair(string a, string b, string addressA, string addressB)
    {
        (NameA, NameB, AddressA, AddressB) = (a, b, addressA, addressB);
    }

    public string NameA { get; }
    public string NameB { get; }
    public string AddressA { get; }
    public string AddressB { get; }

    public static async Task<NetworkNamespacePair> CreateAsync()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        int subnet = RandomNumberGenerator.GetInt32(1, 255);
        var pair = new NetworkNamespacePair($"nvr{id}a", $"nvr{id}b", $"10.231.{subnet}.1", $"10.231.{subnet}.2");
        try
        {
            await Ip("netns", "add", pair.NameA);
            await Ip("netns", "add", pair.NameB);
            await Ip("link", "add", $"v{id}a", "type", "veth", "peer", "name", $"v{id}b");
            await Ip("link", "set", $"v{id}a", "netns", pair.NameA);
            await Ip("link", "set", $"v{id}b", "netns", pair.NameB);
            foreach (var (ns, dev, addr) in new[] { (pair.NameA, $"v{id}a", pair.AddressA), (pair.NameB, $"v{id}b", pair.AddressB) })
            {
                await Ip("-n", ns, "addr", "add", $"{addr}/24", "dev", dev);
                await Ip("-n", ns, "link", "set", dev, "up", "multicast", "on");
                await Ip("-n", ns, "link", "set", "lo", "up");
                await Ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", dev);
            }
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>File name and arguments that run <paramref name="fileName"/> inside namespace <paramref name="ns"/>.</summary>
    public static (string FileName, string[] Arguments) Exec(string ns, string fileName, params string[] arguments) =>
        ("ip", ["netns", "exec", ns, fileName, .. arguments]);

    private static async Task Ip(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("ip", args, TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError.Trim()} — network namespace tests need root and iproute2");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in new[] { NameA, NameB })
        {
            await ProcessRunner.RunAsync("ip", ["netns", "delete", ns], TimeSpan.FromSeconds(10));
        }
    }
}
