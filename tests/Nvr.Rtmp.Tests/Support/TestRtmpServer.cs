using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Nvr.Rtmp.Server;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>
/// The smallest host: a TCP listener on 127.0.0.1:0 handing each accepted socket, as an
/// <see cref="System.IO.Pipelines.IDuplexPipe"/>, to an <see cref="RtmpServerSession"/>.
/// Outcomes of finished sessions are kept for assertions.
/// </summary>
internal sealed class TestRtmpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _accept;
    private readonly IRtmpStreamResolver _resolver;
    private readonly RtmpServerOptions? _options;
    private readonly bool _record;

    public TestRtmpServer(IRtmpStreamResolver resolver, RtmpServerOptions? options = null, bool recordIncoming = false)
    {
        _resolver = resolver;
        _options = options;
        _record = recordIncoming;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url(string path) => $"rtmp://127.0.0.1:{Port}/{path}";

    /// <summary>Outcome per finished session: null for a normal end, else the exception.</summary>
    public ConcurrentQueue<Exception?> Outcomes { get; } = new();

    /// <summary>Bytes each client sent (when recording).</summary>
    public ConcurrentQueue<byte[]> Recordings { get; } = new();

    public ConcurrentQueue<RtmpServerSession> Sessions { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _sessions.Add(RunSessionAsync(socket));
        }
    }

    private async Task RunSessionAsync(Socket socket)
    {
        await Task.Yield();
        var recording = _record ? new MemoryStream() : null;
        using var pipe = new SocketPipe(socket, recording);
        var session = new RtmpServerSession(pipe, _resolver, _options);
        Sessions.Enqueue(session);
        Exception? outcome = null;
        try
        {
            await session.RunAsync(_stop.Token);
        }
        catch (Exception e)
        {
            outcome = e;
        }
        if (recording is not null) Recordings.Enqueue(recording.ToArray());
        Outcomes.Enqueue(outcome);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        await Task.WhenAll(_sessions);
        _stop.Dispose();
    }
}
