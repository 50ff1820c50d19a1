using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// A test-owned sd_notify socket: a Unix datagram socket whose path is passed to nvr as
/// <c>NOTIFY_SOCKET</c>; every datagram (e.g. "READY=1\nSTATUS=…") is recorded with its arrival.
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receive;
    private readonly string _dir;

    public NotifySocket()
    {
        _dir = Directory.CreateTempSubdirectory("nvr-notify-").FullName;
        Path = System.IO.Path.Combine(_dir, "notify.sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receive = ReceiveAsync();
    }

    public string Path { get; }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                _messages.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Waits for a datagram containing the line <paramref name="assignment"/> (e.g. "READY=1").</summary>
    public async Task<bool> WaitForAsync(string assignment, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var msg = await _messages.Reader.ReadAsync(cts.Token);
                if (msg.Split('\n').Contains(assignment)) return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receive.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        Directory.Delete(_dir, recursive: true);
    }
}
