using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Ingest;
using Nvr.Rtsp.Server;
using Nvr.Streaming;
using Nvr.Streaming.Events;
using Nvr.Testing;

namespace Nvr.Tests.RtspServer;

/// <summary>
/// A real GStreamer camera pulled into a Feed by the real ingest (<see cref="RtspIngest"/> under a
/// <see cref="CameraSupervisor"/>, as in the executable) and re-served by an
/// <see cref="Rtsp.Server.RtspServer"/> bound to 127.0.0.1:0 (or another address). The feed's
/// path is "cam", so the server URL is <c>rtsp://host:port/cam</c>.
/// </summary>
internal sealed class LiveRtspServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _ingest;
    private Task? _serving;

    private LiveRtspServer(FakeCamera camera, FeedRegistry registry, Feed feed, Rtsp.Server.RtspServer server)
    {
        Camera = camera;
        Registry = registry;
        Feed = feed;
        Server = server;
    }

    public FakeCamera Camera { get; }

    /// <summary>ffprobe of the camera itself, taken before the ingest connected (see <see cref="StartAsync"/>).</summary>
    public ProbeResult? CameraProbe { get; private set; }
    public FeedRegistry Registry { get; }
    public Feed Feed { get; }
    public Rtsp.Server.RtspServer Server { get; }
    public int Port => Server.LocalEndPoint!.Port;

    public string Url(string host = "127.0.0.1", string? userInfo = null) =>
        $"rtsp://{(userInfo is null ? "" : userInfo + "@")}{host}:{Port}/cam";

    public static async Task<LiveRtspServer> StartAsync(
        FakeCameraOptions camera,
        Func<RtspServerOptions, RtspServerOptions>? configure = null,
        IRtspUserStore? users = null,
        IRtspSocketFactory? sockets = null,
        Func<Rtsp.Server.RtspServer, Task>? start = null,
        bool probeCamera = false)
    {
        var cam = await FakeCamera.StartAsync(camera);
        // Probe the camera before the ingest connects: a second client joining GStreamer's shared
        // media while the ingest runs can freeze the RTP timestamps the ingest sees (the feed's PTS
        // then advance one tick per unit), which is not what these tests are about.
        ProbeResult? probe = null;
        if (probeCamera) probe = await Ffprobe.ProbeAsync(cam.Url());
        var registry = new FeedRegistry();
        var feed = registry.GetOrCreate("cam");
        var options = new RtspServerOptions { Address = "127.0.0.1", Port = 0, AllowAnonymous = users is null };
        options = configure?.Invoke(options) ?? options;
        var server = new Rtsp.Server.RtspServer(options, new FeedRegistryMediaResolver(registry), users, TimeProvider.System, NullLogger.Instance, sockets);
        var live = new LiveRtspServer(cam, registry, feed, server) { CameraProbe = probe };
        try
        {
            if (start is null) await server.StartAsync();
            else await start(server);
            live._serving = server.RunAsync(live._stop.Token);
            var cameraOptions = new CameraOptions { Id = "cam", Url = cam.Url(), Transport = "tcp" };
            var ingest = new RtspIngest(cameraOptions, cameraOptions.Url, feed, new IngestStatistics(), new IngestOptions(), TimeProvider.System, NullLogger.Instance);
            var supervisor = new CameraSupervisor("cam", "main", ingest, new EventBus(), TimeProvider.System, NullLogger.Instance);
            live._ingest = supervisor.RunAsync(live._stop.Token);
            // Ready when a keyframe is in the GOP cache: a viewer then starts at once.
            using var reader = feed.OpenReader();
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await reader.ReadAsync(ready.Token);
            Assert.True(first.HasUnit, "the camera never delivered media");
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_serving is not null) await _serving.WaitAsync(TimeSpan.FromSeconds(15));
        if (_ingest is not null) await _ingest.WaitAsync(TimeSpan.FromSeconds(15));
        await Server.DisposeAsync();
        await Camera.DisposeAsync();
    }
}
