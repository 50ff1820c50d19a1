using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Streaming.Events;

namespace Nvr.OnvifGlue;

/// <summary>
/// Runs an <see cref="OnvifCameraRuntime"/> for every enabled camera with an <c>Onvif</c> address:
/// those configured at start and those added later (<see cref="CameraManager.CameraAdded"/>).
/// Owns the HttpClient all ONVIF requests share. No discovery runs here: that is on request only.
/// </summary>
public sealed class OnvifCameras : BackgroundService
{
    private readonly EventBus _bus;
    private readonly OnvifSection _section;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, OnvifCameraRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private CancellationToken _stopping;
    private bool _started;

    public OnvifCameras(NvrOptions options, CameraManager cameras, EventBus bus, TimeProvider time, ILoggerFactory loggers)
    {
        _bus = bus;
        _section = options.Onvif;
        _time = time;
        _logger = loggers.CreateLogger("Nvr.Onvif");
        Http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each request has the library's own timeout
        };
        foreach (var c in options.Cameras) Add(c);
        cameras.CameraAdded += (c, _) => Add(c);
    }

    /// <summary>Raised (camera id) when a camera's ONVIF device info and capabilities become known.</summary>
    public event Action<string>? DeviceConnected;

    /// <summary>Shared by probes, events and PTZ (one connection pool per camera host).</summary>
    public HttpClient Http { get; }

    public OnvifSection Section => _section;

    public OnvifCameraRuntime? Find(string camera)
    {
        lock (_gate) return _runtimes.GetValueOrDefault(camera);
    }

    private void Add(CameraOptions camera)
    {
        if (!camera.Enabled || string.IsNullOrWhiteSpace(camera.Onvif)) return;
        lock (_gate)
        {
            if (_runtimes.ContainsKey(camera.Id)) return;
            var runtime = new OnvifCameraRuntime(camera, Http, _bus, _section, _time, _logger, id => DeviceConnected?.Invoke(id));
            _runtimes[camera.Id] = runtime;
            if (_started) _running.Add(runtime.RunAsync(_stopping));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            foreach (var r in _runtimes.Values) _running.Add(r.RunAsync(stoppingToken));
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Task[] all;
        lock (_gate) all = [.. _running];
        await Task.WhenAll(all).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        Http.Dispose();
        base.Dispose();
    }
}
