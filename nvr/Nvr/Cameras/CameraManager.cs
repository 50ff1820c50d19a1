using Nvr.Configuration;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>
/// Owns every configured camera stream: creates its Feed in the <see cref="FeedRegistry"/> and a
/// <see cref="CameraSupervisor"/> that keeps it connected, and awaits them all until shutdown.
/// </summary>
public sealed class CameraManager : BackgroundService
{
    private readonly ILoggerFactory _loggers;
    private readonly IReadOnlyList<CameraStream> _streams;

    public CameraManager(NvrOptions options, FeedRegistry feeds, IStreamIngestFactory ingests, EventBus bus, TimeProvider time, ILoggerFactory loggers)
    {
        _loggers = loggers;
        var logger = loggers.CreateLogger("Nvr.Camera");
        var supervision = new SupervisorOptions { StallTimeout = options.Ingest.StallTimeout };
        var streams = new List<CameraStream>();
        foreach (var camera in options.Cameras)
        {
            if (!camera.Enabled) continue;
            Add("main", camera.Url);
            if (!string.IsNullOrEmpty(camera.SubUrl)) Add("sub", camera.SubUrl);

            void Add(string name, string url)
            {
                var feed = feeds.GetOrCreate(CameraStream.FeedPath(camera.Id, name));
                var stats = new IngestStatistics();
                var ingest = ingests.Create(camera, url, feed, stats);
                var supervisor = new CameraSupervisor(camera.Id, name, ingest, bus, time, logger, supervision);
                streams.Add(new CameraStream(camera, name, url, feed, supervisor, stats));
            }
        }
        _streams = streams;
    }

    public IReadOnlyList<CameraStream> Streams => _streams;

    public CameraStream? Find(string camera, string stream) =>
        _streams.FirstOrDefault(s => s.Camera.Id == camera && s.Name == stream);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_streams.Select(s => s.Supervisor.RunAsync(stoppingToken)));
}
