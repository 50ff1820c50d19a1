using Nvr.Streaming;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// A camera feed playing a <see cref="TestClip"/> in real time, an <see cref="HlsMuxerHost"/>
/// and the Kestrel <see cref="HlsTestServer"/> in front of it: what the nvr executable wires up,
/// for third-party clients (ffprobe, ffmpeg, hls.js) to fetch <c>/live/cam/…</c>.
/// </summary>
public sealed class LiveStream : IAsyncDisposable
{
    public const string Camera = "cam";

    private readonly CancellationTokenSource _stop = new();
    private Task _publisher = Task.CompletedTask;
    private Task _sweeper = Task.CompletedTask;

    private LiveStream(FeedRegistry registry, HlsMuxerHost host, HlsTestServer server)
    {
        Registry = registry;
        Host = host;
        Server = server;
        Feed = registry.GetOrCreate(Camera);
    }

    public FeedRegistry Registry { get; }
    public Feed Feed { get; }
    public HlsMuxerHost Host { get; }
    public HlsTestServer Server { get; }

    public string Url(string path) => Server.Url(Camera, path);

    public static async Task<LiveStream> StartAsync(TestClip clip, HlsMuxerOptions? options = null, int loops = 8)
    {
        var registry = new FeedRegistry();
        var host = new HlsMuxerHost(registry, options);
        var server = await HlsTestServer.StartAsync(host);
        var live = new LiveStream(registry, host, server);
        live._publisher = Task.Run(() => ClipPublisher.RunAsync(live.Feed, clip, TimeProvider.System, loops, live._stop.Token));
        live._sweeper = host.RunAsync(live._stop.Token);
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _publisher;
        await _sweeper;
        await Server.DisposeAsync();
        await Host.DisposeAsync();
        _stop.Dispose();
    }
}
