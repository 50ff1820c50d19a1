using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Nvr.Rtsp.Server;

namespace Nvr.Tests.RtspServer;

/// <summary>
/// Creates sockets inside a network namespace: Linux gives a socket the namespace of the thread
/// that calls socket(2), so one dedicated thread enters the namespace (setns(2)) and makes every
/// socket the server asks for. The rest of the process — camera, ingest, test — stays outside.
/// </summary>
internal sealed partial class NetnsSocketFactory : IRtspSocketFactory, IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<(AddressFamily, SocketType, ProtocolType, TaskCompletionSource<Socket>)> _work = new();
    private readonly Thread _thread;

    public NetnsSocketFactory(string ns)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns({ns}) failed: errno {Marshal.GetLastPInvokeError()}");
                }
                ready.SetResult();
            }
            catch (Exception e)
            {
                ready.SetException(e);
                return;
            }
            foreach (var (family, type, protocol, result) in _work.GetConsumingEnumerable())
            {
                try
                {
                    result.SetResult(new Socket(family, type, protocol));
                }
                catch (SocketException e)
                {
                    result.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "netns " + ns };
        _thread.Start();
        ready.Task.GetAwaiter().GetResult();
    }

    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add((family, type, protocol, result));
        return result.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
