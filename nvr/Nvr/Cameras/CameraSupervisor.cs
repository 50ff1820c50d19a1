using System.Net.Sockets;
using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>
/// Keeps one camera stream (main or sub) connected: runs its <see cref="IStreamIngest"/>, watches
/// for stalls, classifies failures into states with a human-readable reason, and reconnects with
/// capped exponential backoff. Every state change is published on the <see cref="EventBus"/>.
/// </summary>
/// <remarks>
/// Backoff has three tracks (see <see cref="SupervisorOptions"/>): unreachable (fast, capped at 1 s),
/// everything else (0.5 s doubling to 10 s), unauthorized (2 s doubling to 60 s). A run that stayed
/// online for <see cref="SupervisorOptions.HealthyPeriod"/> resets them.
/// </remarks>
public sealed partial class CameraSupervisor
{
    private readonly IStreamIngest _ingest;
    private readonly EventBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SupervisorOptions _options;
    private readonly object _gate = new();
    private CameraState _state = CameraState.Connecting;
    private string _reason = "starting";
    private DateTimeOffset _since;
    private DateTimeOffset? _nextAttempt;
    private long _attempts;
    private long _reconnects;

    public CameraSupervisor(string camera, string stream, IStreamIngest ingest, EventBus bus, TimeProvider time, ILogger logger, SupervisorOptions? options = null)
    {
        Camera = camera;
        Stream = stream;
        _ingest = ingest;
        _bus = bus;
        _time = time;
        _logger = logger;
        _options = options ?? new SupervisorOptions();
        _since = time.GetUtcNow();
    }

    public string Camera { get; }
    public string Stream { get; }

    public SupervisorStatus Status
    {
        get
        {
            lock (_gate) return new SupervisorStatus(_state, _reason, _since, _attempts, _reconnects, _nextAttempt);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        var unreachable = new Backoff(_options.InitialBackoff, _options.MaxUnreachableBackoff);
        var auth = new Backoff(_options.InitialAuthBackoff, _options.MaxAuthBackoff);
        while (!cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _attempts++;
                _nextAttempt = null;
            }
            // A retrying stream keeps its failure state (offline, unauthorized, ...) until media
            // flows again: no offline/connecting flapping on the bus or MQTT every second.

            var (kind, reason, context) = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (kind is null) break; // stopped

            if (context.WentOnline && _time.GetElapsedTime(context.OnlineSince) >= _options.HealthyPeriod)
            {
                backoff.Reset();
                unreachable.Reset();
                auth.Reset();
            }
            if (kind != IngestFailureKind.Unauthorized) auth.Reset();

            var state = kind switch
            {
                IngestFailureKind.Unauthorized => CameraState.Unauthorized,
                IngestFailureKind.Protocol => CameraState.Error,
                _ => CameraState.Offline,
            };
            SetState(state, reason);
            var delay = kind switch
            {
                IngestFailureKind.Unauthorized => auth.Next(),
                IngestFailureKind.Unreachable => unreachable.Next(),
                _ => backoff.Next(),
            };
            lock (_gate)
            {
                _reconnects++;
                _nextAttempt = _time.GetUtcNow() + delay;
            }
            LogRetry(_logger, Camera, Stream, state, reason, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<(IngestFailureKind? Kind, string Reason, IngestContext Context)> RunOnceAsync(CancellationToken stop)
    {
        var context = new IngestContext(_time, () => SetState(CameraState.Online, "streaming"));
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var watchdog = new PeriodicTimer(_options.WatchdogInterval, _time);
        bool stalled = false;
        var stallReason = $"no media for {_options.StallTimeout.TotalSeconds:0.#} s";
        var ingest = _ingest.RunAsync(context, run.Token);
        var watch = WatchAsync();
        try
        {
            await ingest.ConfigureAwait(false);
            // A cancelled session may end normally (the client sends TEARDOWN and returns).
            if (stop.IsCancellationRequested) return (null, "stopped", context);
            if (stalled) return (IngestFailureKind.Stalled, stallReason, context);
            return (IngestFailureKind.Closed, "the camera ended the stream", context);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (null, "stopped", context);
        }
        catch (Exception) when (stalled)
        {
            return (IngestFailureKind.Stalled, stallReason, context);
        }
        catch (Exception e)
        {
            var (kind, reason) = Classify(e);
            return (kind, reason, context);
        }
        finally
        {
            run.Cancel();
            watchdog.Dispose();
            await watch.ConfigureAwait(false);
        }

        async Task WatchAsync()
        {
            try
            {
                while (await watchdog.WaitForNextTickAsync(run.Token).ConfigureAwait(false))
                {
                    if (_time.GetElapsedTime(context.LastProgress) >= _options.StallTimeout)
                    {
                        // Announce at once: ending the session (TEARDOWN to a frozen camera) can take
                        // its own timeout, and the stream is already dead.
                        stalled = true;
                        SetState(CameraState.Offline, stallReason);
                        run.Cancel();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal static (IngestFailureKind Kind, string Reason) Classify(Exception e) => e switch
    {
        IngestException i => (i.Kind, i.Message),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => (IngestFailureKind.Unreachable, "connection refused"),
        SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound or SocketError.TryAgain } s
            => (IngestFailureKind.Unreachable, s.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain => "host name not found",
                _ => "host unreachable",
            }),
        SocketException s => (IngestFailureKind.Closed, $"network error: {s.SocketErrorCode}"),
        IOException or EndOfStreamException => (IngestFailureKind.Closed, "connection closed by the camera"),
        TimeoutException t => (IngestFailureKind.Stalled, t.Message),
        _ => (IngestFailureKind.Protocol, e.Message),
    };

    private void SetState(CameraState state, string reason)
    {
        CameraState previous;
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_state == state && _reason == reason) return;
            previous = _state;
            _state = state;
            _reason = reason;
            _since = now;
        }
        if (previous != state) LogState(_logger, Camera, Stream, state, reason);
        _bus.Publish(new CameraStateChanged(now, Camera, Stream, state, previous, reason));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "camera {Camera}/{Stream}: {State} ({Reason})")]
    private static partial void LogState(ILogger logger, string camera, string stream, CameraState state, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "camera {Camera}/{Stream}: {State} ({Reason}); retrying in {Delay:0.0} s")]
    private static partial void LogRetry(ILogger logger, string camera, string stream, CameraState state, string reason, double delay);
}
