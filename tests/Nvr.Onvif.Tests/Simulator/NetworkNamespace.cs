using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Nvr.Testing;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>
/// A Linux network namespace made by a test (<c>ip netns add</c>) with a veth pair inside it:
/// <code>
///   netns nvr-onvif-&lt;pid&gt;-&lt;n&gt;:  lo (up)
///     veth0 10.213.&lt;n&gt;.1/24 ◄──► veth1 10.213.&lt;n&gt;.2/24, route 224.0.0.0/4 dev veth0,
///     accept_local=1 (a packet from one veth end to the other has a local source address)
/// </code>
/// Multicast (WS-Discovery) sent there stays there. Sockets are created inside it from this
/// process with <see cref="CreateSocket"/> (a dedicated thread calls setns(2) with CLONE_NEWNET,
/// creates the socket, and switches back; the socket keeps its namespace), and other programs
/// run inside with <see cref="Exec"/> (<c>ip netns exec</c>). Needs root (CAP_SYS_ADMIN):
/// <see cref="CreateAsync"/> fails with a clear message otherwise. Deleted on dispose.
/// </summary>
public sealed partial class NetworkNamespace : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int _counter;

    private NetworkNamespace(string name, int index)
    {
        Name = name;
        DeviceAddress = IPAddress.Parse($"10.213.{index}.1");
        PeerAddress = IPAddress.Parse($"10.213.{index}.2");
    }

    public string Name { get; }

    /// <summary>veth0's address: where the simulated device binds.</summary>
    public IPAddress DeviceAddress { get; }

    /// <summary>veth1's address: where clients send from.</summary>
    public IPAddress PeerAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        int index = 1 + (Interlocked.Increment(ref _counter) % 250);
        var name = $"nvr-onvif-{Environment.ProcessId}-{index}";
        var ns = new NetworkNamespace(name, index);
        var add = await ProcessRunner.RunAsync("ip", ["netns", "add", name], TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (!add.Succeeded)
        {
            throw new InvalidOperationException(
                $"cannot create network namespace '{name}' (needs root / CAP_SYS_ADMIN; these tests run as root in CI): 'ip netns add' exited {add.ExitCode}: {add.StandardError.Trim()}");
        }

        try
        {
            await Ip("-n", name, "link", "set", "lo", "up").ConfigureAwait(false);
            await Ip("-n", name, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1").ConfigureAwait(false);
            await Ip("-n", name, "addr", "add", $"{ns.DeviceAddress}/24", "dev", "veth0").ConfigureAwait(false);
            await Ip("-n", name, "addr", "add", $"{ns.PeerAddress}/24", "dev", "veth1").ConfigureAwait(false);
            await Ip("-n", name, "link", "set", "veth0", "up").ConfigureAwait(false);
            await Ip("-n", name, "link", "set", "veth1", "up").ConfigureAwait(false);
            await Ip("-n", name, "route", "add", "224.0.0.0/4", "dev", "veth0").ConfigureAwait(false);
            // A multicast probe leaves veth0 and arrives on veth1 with a source address of this
            // same namespace; without accept_local the kernel drops it as a martian. libonvif
            // (onvif-util) turns IP_MULTICAST_LOOP off, so that wire copy is all a responder gets.
            await Ip("netns", "exec", name, "sh", "-c",
                "echo 1 > /proc/sys/net/ipv4/conf/all/accept_local && echo 1 > /proc/sys/net/ipv4/conf/veth0/accept_local && echo 1 > /proc/sys/net/ipv4/conf/veth1/accept_local").ConfigureAwait(false);
        }
        catch
        {
            await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ns;
    }

    private static async Task Ip(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("ip", args, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"'ip {string.Join(' ', args)}' exited {r.ExitCode}: {r.StandardError.Trim()}");
    }

    /// <summary>Creates a socket inside the namespace (and runs <paramref name="setup"/>, e.g. Bind, there too).</summary>
    public Socket CreateSocket(SocketType type, ProtocolType protocol, Action<Socket>? setup = null) =>
        Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, type, protocol);
            try
            {
                setup?.Invoke(s);
            }
            catch
            {
                s.Dispose();
                throw;
            }

            return s;
        });

    /// <summary>Runs <paramref name="action"/> synchronously on a thread that has entered the namespace.</summary>
    public T Run<T>(Func<T> action)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            using var original = File.OpenHandle("/proc/thread-self/ns/net");
            using var target = File.OpenHandle($"/run/netns/{Name}");
            if (SetNs((int)target.DangerousGetHandle(), CloneNewNet) != 0)
            {
                error = new InvalidOperationException($"setns into '{Name}' failed: errno {Marshal.GetLastPInvokeError()}");
                return;
            }

            try
            {
                result = action();
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                // Back to the original namespace before the thread dies (not required, but tidy).
                _ = SetNs((int)original.DangerousGetHandle(), CloneNewNet);
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return result!;
    }

    /// <summary>The command line prefix that runs a program inside the namespace.</summary>
    public IReadOnlyList<string> Exec(params string[] command) => ["netns", "exec", Name, .. command];

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("ip", ["netns", "delete", Name], TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
