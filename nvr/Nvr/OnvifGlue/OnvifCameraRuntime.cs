using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Onvif;
using Nvr.Onvif.Events;
using Nvr.Streaming.Events;

namespace Nvr.OnvifGlue;

/// <summary>
/// The ONVIF side of one camera (<c>Cameras:N:Onvif</c> set) for its whole life: probes the device
/// (device information, clock skew, main profile for PTZ; retried with back-off 1 s … 60 s while it
/// fails, the fault shown in the camera state), then runs an <see cref="OnvifEventSubscriber"/>
/// whose events <see cref="OnvifEventMapper"/> puts on the bus. PTZ calls go through <see cref="Device"/>.
/// </summary>
public sealed partial class OnvifCameraRuntime
{
    private readonly CameraOptions _camera;
    private readonly HttpClient _http;
    private readonly OnvifSection _section;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OnvifEventMapper _mapper;
    private readonly OnvifClientOptions _clientOptions;
    private readonly object _gate = new();
    private string _state = "connecting";
    private string? _error;
    private OnvifProbeResult? _probe;
    private OnvifDevice? _device;
    private OnvifEventSubscriber? _subscriber;
    private string? _eventsError;
    private readonly Action<string>? _connected;

    public OnvifCameraRuntime(CameraOptions camera, HttpClient http, EventBus bus, OnvifSection section, TimeProvider time, ILogger logger, Action<string>? connected = null)
    {
        _connected = connected;
        _camera = camera;
        _http = http;
        _section = section;
        _time = time;
        _logger = logger;
        _mapper = new OnvifEventMapper(camera.Id, bus, time);
        _clientOptions = new OnvifClientOptions { RequestTimeout = section.RequestTimeout, ClockSkewWarningThreshold = section.ClockSkewWarning };
    }

    public string CameraId => _camera.Id;

    /// <summary>The connected device and its main profile token (PTZ), or null while not connected.</summary>
    public (OnvifDevice Device, string ProfileToken, bool HasPtz)? Device
    {
        get
        {
            lock (_gate) return _device is null || _probe is null ? null : (_device, _probe.MainProfile.Token, _probe.HasPtz);
        }
    }

    /// <summary>Why the device is not usable, e.g. <c>ONVIF fault ter:NotAuthorized: …</c>.</summary>
    public string? Error
    {
        get { lock (_gate) return _error; }
    }

    /// <summary>For <c>GET /api/cameras</c>.</summary>
    public OnvifCameraState Describe()
    {
        lock (_gate)
        {
            var info = _probe?.DeviceInfo;
            var skew = _device?.Clock?.Skew ?? _probe?.ClockSkew;
            var s = _subscriber;
            return new OnvifCameraState(_state, _error, info?.Manufacturer, info?.Model, info?.FirmwareVersion, info?.SerialNumber,
                skew is { } k ? Math.Round(k.TotalSeconds, 1) : null,
                _probe?.HasPtz, _probe?.HasEvents,
                s is null ? null : new OnvifEventsState(s.Status.ToString().ToLowerInvariant(), _eventsError, s.Subscriptions, s.Renewals, s.EventsReceived, s.Failures));
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        while (!stop.IsCancellationRequested)
        {
            OnvifProbeResult probe;
            try
            {
                probe = await OnvifCameraProbe.ProbeAsync(_http, _camera.Onvif!, _camera.Username, _camera.Password, _time, _clientOptions, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OnvifException or ArgumentException)
            {
                var reason = OnvifErrors.Describe(e);
                var delay = backoff.Next();
                bool changed;
                lock (_gate)
                {
                    changed = _error != reason;
                    _state = "error";
                    _error = reason;
                }
                if (changed) LogProbeFailed(_logger, _camera.Id, reason, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            var credentials = string.IsNullOrEmpty(_camera.Username) ? null : new OnvifCredentials(_camera.Username, _camera.Password ?? "");
            var device = new OnvifDevice(_http, probe.DeviceServiceAddress, credentials, _time, _clientOptions);
            var subscriber = probe.HasEvents
                ? new OnvifEventSubscriber(device, _mapper.OnEventAsync,
                    new OnvifEventSubscriberOptions { TerminationTime = _section.EventTermination }, _time, OnSubscriberStatus)
                : null;
            lock (_gate)
            {
                _probe = probe;
                _device = device;
                _subscriber = subscriber;
                _state = "connected";
                _error = null;
            }
            var info = probe.DeviceInfo;
            LogConnected(_logger, _camera.Id, info.Manufacturer, info.Model, info.FirmwareVersion, probe.ClockSkew.TotalSeconds, probe.HasEvents, probe.HasPtz);
            if (probe.ClockSkew.Duration() > _section.ClockSkewWarning)
            {
                LogClockSkew(_logger, _camera.Id, probe.ClockSkew.TotalSeconds, _section.ClockSkewWarningSeconds);
            }
            _connected?.Invoke(_camera.Id);

            if (subscriber is not null) await subscriber.RunAsync(stop).ConfigureAwait(false);
            else
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            return;
        }
    }

    private void OnSubscriberStatus(OnvifSubscriptionStatus status, OnvifException? error)
    {
        var reason = error is null ? null : OnvifErrors.Describe(error);
        lock (_gate) _eventsError = reason;
        if (status == OnvifSubscriptionStatus.Retrying) LogEventsRetrying(_logger, _camera.Id, reason ?? "unknown error");
        else if (status == OnvifSubscriptionStatus.Subscribed) LogEventsSubscribed(_logger, _camera.Id);
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning, Message = "camera {Camera}: ONVIF: {Reason}; retrying in {Delay:0} s")]
    private static partial void LogProbeFailed(ILogger logger, string camera, string reason, double delay);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "camera {Camera}: ONVIF {Manufacturer} {Model} firmware {Firmware}, clock skew {Skew:0.#} s, events {Events}, PTZ {Ptz}")]
    private static partial void LogConnected(ILogger logger, string camera, string manufacturer, string model, string firmware, double skew, bool events, bool ptz);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "camera {Camera}: its clock is {Skew:0.#} s off ours (warning above {Threshold} s): check NTP on the camera")]
    private static partial void LogClockSkew(ILogger logger, string camera, double skew, double threshold);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "camera {Camera}: ONVIF events: {Reason}; resubscribing")]
    private static partial void LogEventsRetrying(ILogger logger, string camera, string reason);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "camera {Camera}: ONVIF events subscribed")]
    private static partial void LogEventsSubscribed(ILogger logger, string camera);
}
