using System.Net.Sockets;
using Nvr.Configuration;
using Nvr.Hosting;
using Nvr.Rtsp.Server;
using Nvr.Security;
using Nvr.Streaming;

namespace Nvr.Serving;

/// <summary>
/// Runs the live <see cref="RtspServer"/> (<c>nvr/design/rtsp-server.md</c>) over every camera
/// Feed for the life of the process. The port is bound inside <see cref="StartAsync"/>, so
/// systemd's READY=1 (sent once every hosted service has started) means "RTSP is listening"; a
/// port that cannot be bound fails start-up with a <see cref="ListenerBindException"/> naming
/// <c>Rtsp:Port</c>. Shutdown closes every session within the host's shutdown budget.
/// </summary>
public sealed partial class RtspHostedService : IHostedService, IAsyncDisposable
{
    private readonly RtspSection _section;
    private readonly UserStore _users;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _run;

    public RtspHostedService(NvrOptions options, FeedRegistry feeds, UserStore users, TimeProvider time, ILoggerFactory loggers)
    {
        _section = options.Rtsp;
        _users = users;
        _logger = loggers.CreateLogger<RtspHostedService>();
        Server = new RtspServer(
            _section.ToServerOptions(UserStore.Realm),
            new FeedRegistryMediaResolver(feeds),
            users,
            time,
            loggers.CreateLogger<RtspServer>());
    }

    public RtspServer Server { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ListenerBindException("Rtsp:Port", $"cannot listen on {_section.Address}:{_section.Port}: {e.Message}", e);
        }
        if (_users.Count == 0 && !_section.AllowAnonymous) LogNoUsers(_logger);
        else if (_section.AllowAnonymous) LogAnonymous(_logger);
        _run = Server.RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_run is null) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "RTSP has no users: every request is refused (401). Add Users entries, or set Rtsp:AllowAnonymous to true")]
    private static partial void LogNoUsers(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "RTSP serves without credentials (Rtsp:AllowAnonymous is true)")]
    private static partial void LogAnonymous(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "RTSP sessions did not close within the shutdown budget")]
    private static partial void LogStopTimedOut(ILogger logger);
}
