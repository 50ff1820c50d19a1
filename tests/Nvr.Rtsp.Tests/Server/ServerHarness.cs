using Microsoft.Extensions.Time.Testing;
using Nvr.Media;
using Nvr.Rtsp.Server;
using Nvr.Streaming;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>
/// An <see cref="RtspServer"/> without a listener over a <see cref="FeedRegistry"/>, its
/// housekeeping running on a <see cref="FakeTimeProvider"/> (advance <see cref="Time"/> to drive
/// timeouts), and in-memory peers.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Url = "rtsp://127.0.0.1:8554/front";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<TestRtspPeer> _peers = [];

    public ServerHarness(RtspServerOptions? options = null, IRtspUserStore? users = null, StreamDescription? description = null, bool online = true, IRtspSocketFactory? sockets = null, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(ServerMedia.Epoch));
        Registry = new FeedRegistry(timeProvider: Time);
        Feed = Registry.GetOrCreate("front");
        if (online) Assert.True(Feed.SetDescription(description ?? ServerMedia.H264Aac()));
        Server = new RtspServer(options ?? new RtspServerOptions { AllowAnonymous = true, Port = 0 }, new FeedRegistryMediaResolver(Registry), users, Time, new TestLogger(output), sockets);
        Running = Server.RunAsync(_stop.Token);
    }

    public FakeTimeProvider Time { get; }
    public FeedRegistry Registry { get; }
    public Feed Feed { get; }
    public RtspServer Server { get; }
    public Task Running { get; }

    public TestRtspPeer Connect(System.Net.IPEndPoint? remote = null, long pauseWriterThreshold = 64 * 1024)
    {
        var peer = new TestRtspPeer(Server, remote, pauseWriterThreshold);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>
    /// DESCRIBE, SETUP and PLAY over TCP, then waits until the session's reader is attached to the
    /// feed: streaming starts after the PLAY response, so a unit published before that moment is
    /// only seen through the GOP cache.
    /// </summary>
    public async Task<RtspResponse> PlayTcpAsync(TestRtspPeer peer, int tracks = 2)
    {
        int readers = Feed.ReaderCount;
        var play = await peer.PlayTcpAsync(Url, tracks);
        await WaitUntilAsync(() => Feed.ReaderCount > readers, "the session's reader");
        return play;
    }

    /// <summary>
    /// Advances fake time one housekeeping period at a time; the sweep runs asynchronously after
    /// each tick, so assert on outcomes with <see cref="WaitUntilAsync"/>.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromSeconds(1);
        for (var done = TimeSpan.Zero; done < by; done += step) Time.Advance(step);
    }

    /// <summary>
    /// Advances fake time a second at a time until <paramref name="condition"/> holds (real-time
    /// deadline) and returns how much fake time that took. Robust to the server reacting late.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, string what)
    {
        var advanced = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TestRtspPeer.Deadline + TestRtspPeer.Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {advanced} of fake time waiting for {what}");
            Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.Delay(5); // let the sweep the tick released run (polling under a deadline)
        }
        return advanced;
    }

    /// <summary>Waits (with a real-time deadline) until <paramref name="condition"/> holds.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Nvr.Testing.WaitFor.ConditionAsync(condition, TestRtspPeer.Deadline, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _peers)
        {
            try
            {
                await p.DisposeAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Cancel();
        await Running.WaitAsync(TestRtspPeer.Deadline);
    }
}
