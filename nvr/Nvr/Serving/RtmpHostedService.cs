using Nvr.Hosting;
using System.Net;
using System.Net.Sockets;
using Nvr.Configuration;
using Nvr.Rtmp;
using Nvr.Rtmp.Server;

namespace Nvr.Serving;

/// <summary>
/// The RTMP listener (<c>Rtmp:Address</c>, <c>Rtmp:Port</c>): binds in <see cref="StartAsync"/> (so a
/// busy port fails start-up, before READY=1), accepts TCP connections and runs one
/// <see cref="RtmpServerSession"/> per connection with <see cref="NvrRtmpResolver"/>. At most
/// <c>Rtmp:MaxConnections</c> run at once; more are closed on accept. Stopping closes every session.
/// Design: <c>nvr/design/rtmp.md</c> ("Wiring in the host").
/// </summary>
public sealed partial class RtmpHostedService(NvrOptions options, NvrRtmpResolver resolver, TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("Nvr.Rtmp");
    private readonly CancellationTokenSource _stop = new();
    private readonly RtmpServerOptions _sessionOptions = new();
    private readonly object _gate = new();
    private readonly HashSet<Task> _sessions = [];
    private Socket? _listener;
    private Task? _accept;
    private long _refused;

    /// <summary>The bound endpoint (the actual port when 0 was configured).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    public int ConnectionCount
    {
        get
        {
            lock (_gate) return _sessions.Count;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(options.Rtmp.Address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, options.Rtmp.Port));
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ListenerBindException("Rtmp:Port", $"cannot listen on {options.Rtmp.Address}:{options.Rtmp.Port}: {e.Message}", e);
        }
        _listener = socket;
        LogListening(_logger, LocalEndPoint!.ToString());
        _accept = AcceptAsync(socket);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accept is not null) await _accept.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task[] running;
        lock (_gate) running = [.. _sessions];
        // Sessions complete their pipes at cancellation; the host's shutdown budget bounds the wait.
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: keep accepting, without spinning.
                LogAcceptFailed(_logger, e.SocketErrorCode);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            lock (_gate)
            {
                if (_sessions.Count >= options.Rtmp.MaxConnections)
                {
                    if (Interlocked.Increment(ref _refused) % 100 == 1) LogTooMany(_logger, options.Rtmp.MaxConnections, Interlocked.Read(ref _refused));
                    socket.Dispose();
                    continue;
                }
                var task = RunSessionAsync(socket);
                _sessions.Add(task);
                // Not awaited here: the task removes itself; StopAsync awaits whatever is left.
                _ = task.ContinueWith(t => { lock (_gate) _sessions.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task RunSessionAsync(Socket socket)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        socket.NoDelay = true;
        using var pipe = new SocketDuplexPipe(socket);
        var session = new RtmpServerSession(pipe, resolver, _sessionOptions, time);
        try
        {
            await session.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (RtmpTimeoutException e)
        {
            LogSessionEnded(_logger, remote, session.Stream?.ToString() ?? "-", e.Message);
        }
        catch (RtmpProtocolException e)
        {
            LogSessionFault(_logger, remote, session.Stream?.ToString() ?? "-", e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            LogSessionCrashed(_logger, e, remote);
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener?.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "rtmp: listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "rtmp: accept failed ({Error})")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "rtmp: Rtmp:MaxConnections ({Max}) reached; closed a new connection ({Refused} so far)")]
    private static partial void LogTooMany(ILogger logger, int max, long refused);

    // Stream names are logged without their query (RtmpStreamRequest.ToString): no keys, no passwords.
    [LoggerMessage(EventId = 613, Level = LogLevel.Information, Message = "rtmp: {Remote} {Stream}: {Reason}")]
    private static partial void LogSessionEnded(ILogger logger, string remote, string stream, string reason);

    [LoggerMessage(EventId = 614, Level = LogLevel.Warning, Message = "rtmp: {Remote} {Stream}: protocol error: {Reason}")]
    private static partial void LogSessionFault(ILogger logger, string remote, string stream, string reason);

    [LoggerMessage(EventId = 615, Level = LogLevel.Error, Message = "rtmp: {Remote}: session failed")]
    private static partial void LogSessionCrashed(ILogger logger, Exception exception, string remote);
}
