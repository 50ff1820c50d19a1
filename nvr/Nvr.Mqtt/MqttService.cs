using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt;

/// <summary>
/// Publishes nvr's state and events over MQTT and takes commands back (topics in
/// <see cref="MqttTopics"/> and <c>nvr/design/mqtt.md</c>). Runs the embedded broker when no
/// external one is configured. MQTT is never a reason to stop recording: <see cref="RunAsync"/>
/// does not throw (except when cancelled); every failure is logged and shown in <see cref="Status"/>.
/// </summary>
/// <remarks>
/// Parts, all inside <see cref="RunAsync"/>: the bus pump (events → <see cref="MqttStateModel"/> →
/// <see cref="MqttOutbox"/>), the connection loop (connect, subscribe, re-publish everything,
/// drain the outbox; reconnect with backoff), the stats timer, the command runner, and the
/// embedded broker. Producers never wait for the network.
/// </remarks>
public sealed partial class MqttService
{
    /// <summary>How long a clean shutdown may spend publishing <c>offline</c> and what is still queued.</summary>
    public static readonly TimeSpan ShutdownFlushTimeout = TimeSpan.FromSeconds(3);

    private readonly MqttOptions _options;
    private readonly EventBus _bus;
    private readonly IMqttStateSource _state;
    private readonly MqttDevice _device;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IMqttCommandHandler? _commands;
    private readonly IMqttStatsSource? _stats;
    private readonly IMqttAnnouncementStore? _announcements;
    private readonly IMqttUserValidator? _brokerUsers;
    private readonly IMqttPlaybackLinks? _playback;
    private readonly MqttOutbox _outbox = new();
    private readonly Channel<Command> _commandQueue = Channel.CreateBounded<Command>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock _statusGate = new();
    private readonly Lock _saveGate = new();
    private MqttStateModel? _model;
    private MqttConnectionState _statusState = MqttConnectionState.Stopped;
    private DateTimeOffset _statusSince;
    private string? _lastError;
    private DateTimeOffset? _lastErrorTime;
    private long _connects;
    private long _published;
    private long _savedVersion = -1;
    private int _running;

    public MqttService(
        MqttOptions options,
        EventBus bus,
        IMqttStateSource state,
        MqttDevice device,
        TimeProvider time,
        ILoggerFactory loggers,
        IMqttCommandHandler? commands = null,
        IMqttStatsSource? stats = null,
        IMqttAnnouncementStore? announcements = null,
        IMqttUserValidator? brokerUsers = null,
        IMqttPlaybackLinks? playback = null)
    {
        _options = options;
        _bus = bus;
        _state = state;
        _device = device;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Nvr.Mqtt.MqttService");
        _commands = commands;
        _stats = stats;
        _announcements = announcements;
        _brokerUsers = brokerUsers;
        _playback = playback;
        _statusSince = time.GetUtcNow();
    }

    /// <summary>The embedded broker while it runs (null with an external broker).</summary>
    public MqttBroker? Broker { get; private set; }

    /// <summary>A consistent snapshot; cheap, callable from any thread.</summary>
    public MqttStatus Status
    {
        get
        {
            lock (_statusGate)
            {
                return new MqttStatus(_statusState, BrokerDescription, _options.Enabled && _options.UsesEmbeddedBroker, _statusSince, _lastError, _lastErrorTime,
                    Interlocked.Read(ref _connects), Interlocked.Read(ref _published), _outbox.Dropped, _outbox.Count);
            }
        }
    }

    private string BrokerDescription =>
        !_options.Enabled ? ""
        : _options.UsesEmbeddedBroker ? $"embedded:{_options.Broker.Port}"
        : $"{(_options.Tls ? "mqtts" : "mqtt")}://{_options.Host}:{_options.ResolvedPort}";

    /// <summary>
    /// Re-reads the camera list from <see cref="IMqttStateSource"/>: new cameras are announced,
    /// removed ones have their retained topics and discovery configs cleared. Call it when the
    /// configuration changes at run time; a no-op before <see cref="RunAsync"/>.
    /// </summary>
    public void Refresh()
    {
        if (_model is { } model) ReloadCameras(model, null);
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled; then publishes <c>offline</c>,
    /// disconnects and stops the embedded broker. Call once per instance.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0) throw new InvalidOperationException("MqttService.RunAsync is already running");
        if (!_options.Enabled)
        {
            SetState(MqttConnectionState.Disabled);
            LogDisabled(_logger);
            return;
        }

        var errors = MqttOptionsValidator.Validate(_options);
        if (errors.Count > 0)
        {
            foreach (var error in errors) LogInvalidOptions(_logger, error);
            SetError(string.Join("; ", errors));
            SetState(MqttConnectionState.Failed);
            return;
        }

        var topics = new MqttTopics(_options.TopicPrefix, _options.DiscoveryPrefix, _options.ResolvedNodeId);
        var model = new MqttStateModel(topics, _options, _device, _playback, _outbox, _time, _loggers.CreateLogger("Nvr.Mqtt.MqttStateModel"), stats: _stats is not null);
        using var subscription = _bus.Subscribe("mqtt");
        model.SetAvailable(true);
        ReloadCameras(model, LoadAnnouncements());
        _model = model;

        var brokerReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_options.UsesEmbeddedBroker) brokerReady.SetResult();
        var connection = GuardAsync("connection", () => RunConnectionAsync(model, brokerReady.Task, cancellationToken), cancellationToken);
        var broker = _options.UsesEmbeddedBroker
            ? GuardAsync("broker", () => RunBrokerAsync(brokerReady, connection, cancellationToken), cancellationToken)
            : Task.CompletedTask;
        var pump = GuardAsync("events", () => PumpEventsAsync(model, subscription, cancellationToken), cancellationToken);
        var stats = GuardAsync("stats", () => RunStatsAsync(model, cancellationToken), cancellationToken);
        var commands = GuardAsync("commands", () => RunCommandsAsync(model, cancellationToken), cancellationToken);
        try
        {
            await Task.WhenAll(connection, broker, pump, stats, commands).ConfigureAwait(false);
        }
        finally
        {
            model.Dispose();
            SaveAnnouncementsIfChanged();
            SetState(MqttConnectionState.Stopped);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task PumpEventsAsync(MqttStateModel model, EventSubscription subscription, CancellationToken cancellationToken)
    {
        long dropped = 0;
        await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!model.Apply(e))
            {
                // A camera we have not heard of: the configuration may have changed. Ask once.
                ReloadCameras(model, null);
                if (!model.Apply(e)) LogUnknownCamera(_logger, e.GetType().Name);
            }

            if (subscription.Dropped != dropped)
            {
                // We fell behind and lost state changes: the state source has the truth.
                dropped = subscription.Dropped;
                LogBusDropped(_logger, dropped);
                ReloadCameras(model, null);
            }
        }
    }

    private async Task RunStatsAsync(MqttStateModel model, CancellationToken cancellationToken)
    {
        if (_stats is null || _options.StatsIntervalSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.StatsIntervalSeconds), _time);
        do
        {
            try
            {
                model.PublishStats(_stats.GetStats(), Math.Max(0, Interlocked.Read(ref _connects) - 1));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStatsFailed(_logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task RunCommandsAsync(MqttStateModel model, CancellationToken cancellationToken)
    {
        await foreach (var command in _commandQueue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!model.IsKnownCamera(command.Camera))
            {
                LogUnknownCommandCamera(_logger, command.Camera);
                continue;
            }

            if (_commands is null)
            {
                LogNoCommandHandler(_logger, command.Camera);
                continue;
            }

            try
            {
                LogCommand(_logger, command.Camera, command.Kind, command.Argument);
                if (command.Kind == MqttCommandKind.SetRecording) await _commands.SetRecordingAsync(command.Camera, command.Argument == MqttPayloads.On, cancellationToken).ConfigureAwait(false);
                else await _commands.PtzAsync(command.Camera, command.Argument, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogCommandFailed(_logger, command.Camera, command.Kind, e);
            }
        }
    }

    private async Task RunBrokerAsync(TaskCompletionSource ready, Task connection, CancellationToken cancellationToken)
    {
        var broker = new MqttBroker(_options.Broker, _brokerUsers, _loggers);
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (true)
            {
                try
                {
                    await broker.StartAsync().ConfigureAwait(false);
                    Broker = broker;
                    ready.TrySetResult();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var message = $"embedded broker cannot listen on port {_options.Broker.Port}: {MqttErrors.Describe(e)}";
                    LogBrokerFailed(_logger, message, delay.TotalSeconds);
                    SetError(message);
                    SetState(MqttConnectionState.Disconnected);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }

            // The publisher says goodbye through the broker: stop it only after the connection loop ended.
            await connection.ConfigureAwait(false);
        }
        finally
        {
            ready.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
            Broker = null;
            await broker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ReloadCameras(MqttStateModel model, IReadOnlyCollection<string>? previouslyOwned)
    {
        IReadOnlyList<MqttCameraInfo> cameras;
        try
        {
            cameras = _state.GetCameras();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStateSourceFailed(_logger, e);
            return;
        }

        model.Load(cameras, previouslyOwned);
        SaveAnnouncementsIfChanged();
    }

    private IReadOnlyCollection<string>? LoadAnnouncements()
    {
        if (_announcements is null) return null;
        try
        {
            return _announcements.Load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnouncementsFailed(_logger, "load", e);
            return null;
        }
    }

    private void SaveAnnouncementsIfChanged()
    {
        if (_announcements is null) return;
        lock (_saveGate)
        {
            long version = _outbox.OwnedVersion;
            if (version == _savedVersion) return;
            try
            {
                _announcements.Save(_outbox.OwnedTopics);
                _savedVersion = version;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogAnnouncementsFailed(_logger, "save", e);
                _savedVersion = version; // retried at the next change, not on every message
            }
        }
    }

    private async Task GuardAsync(string part, Func<Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug, not a broker problem: keep the rest of nvr running and make it visible.
            LogPartFailed(_logger, part, e);
            SetError($"mqtt {part} failed: {e.Message}");
        }
    }

    private void SetState(MqttConnectionState state)
    {
        lock (_statusGate)
        {
            if (_statusState == state) return;
            _statusState = state;
            _statusSince = _time.GetUtcNow();
        }
    }

    private void SetError(string error)
    {
        lock (_statusGate)
        {
            _lastError = error;
            _lastErrorTime = _time.GetUtcNow();
        }
    }

    private readonly record struct Command(string Camera, MqttCommandKind Kind, string Argument);
}
