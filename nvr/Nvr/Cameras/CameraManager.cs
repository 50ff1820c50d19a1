using Nvr.Configuration;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>
/// Owns every camera stream: creates its Feed in the <see cref="FeedRegistry"/> and a
/// <see cref="CameraSupervisor"/> that keeps it connected, and awaits them all until shutdown.
/// Cameras are those of the configuration at start plus any added at runtime with
/// <see cref="AddCamera"/> (announced by <see cref="CameraAdded"/>, so recording, ONVIF and MQTT
/// follow without a restart).
/// </summary>
public sealed class CameraManager : BackgroundService
{
    private readonly FeedRegistry _feeds;
    private readonly IStreamIngestFactory _ingests;
    private readonly EventBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SupervisorOptions _supervision;
    private readonly object _gate = new();
    private readonly List<Task> _running = [];
    private CameraStream[] _streams = [];
    private CancellationToken _stopping;
    private bool _started;

    public CameraManager(NvrOptions options, FeedRegistry feeds, IStreamIngestFactory ingests, EventBus bus, TimeProvider time, ILoggerFactory loggers)
    {
        _feeds = feeds;
        _ingests = ingests;
        _bus = bus;
        _time = time;
        _logger = loggers.CreateLogger("Nvr.Camera");
        _supervision = new SupervisorOptions { StallTimeout = options.Ingest.StallTimeout };
        foreach (var camera in options.Cameras)
        {
            if (camera.Enabled) _streams = [.. _streams, .. Create(camera)];
        }
    }

    /// <summary>Raised after a camera added at runtime has its streams (already running once the service started).</summary>
    public event Action<CameraOptions, IReadOnlyList<CameraStream>>? CameraAdded;

    /// <summary>A snapshot: streams added later are in later snapshots.</summary>
    public IReadOnlyList<CameraStream> Streams => Volatile.Read(ref _streams);

    public CameraStream? Find(string camera, string stream) =>
        Streams.FirstOrDefault(s => s.Camera.Id == camera && s.Name == stream);

    /// <summary>
    /// Starts ingest of a camera that was not configured at start (the caller has validated it and
    /// put it into the configuration). Disabled cameras get no streams but are still announced.
    /// </summary>
    /// <exception cref="InvalidOperationException">The camera already has streams.</exception>
    public IReadOnlyList<CameraStream> AddCamera(CameraOptions camera)
    {
        IReadOnlyList<CameraStream> added;
        lock (_gate)
        {
            if (_streams.Any(s => s.Camera.Id == camera.Id)) throw new InvalidOperationException($"camera '{camera.Id}' is already running");
            added = camera.Enabled ? Create(camera) : [];
            Volatile.Write(ref _streams, [.. _streams, .. added]);
            if (_started)
            {
                foreach (var s in added) _running.Add(s.Supervisor.RunAsync(_stopping));
            }
        }
        CameraAdded?.Invoke(camera, added);
        return added;
    }

    private List<CameraStream> Create(CameraOptions camera)
    {
        var streams = new List<CameraStream>();
        Add("main", camera.Url);
        if (!string.IsNullOrEmpty(camera.SubUrl)) Add("sub", camera.SubUrl);
        return streams;

        void Add(string name, string url)
        {
            var feed = _feeds.GetOrCreate(CameraStream.FeedPath(camera.Id, name));
            var stats = new IngestStatistics();
            var ingest = _ingests.Create(camera, url, feed, stats);
            var supervisor = new CameraSupervisor(camera.Id, name, ingest, _bus, _time, _logger, _supervision);
            streams.Add(new CameraStream(camera, name, url, feed, supervisor, stats));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            foreach (var s in _streams) _running.Add(s.Supervisor.RunAsync(stoppingToken));
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
}
