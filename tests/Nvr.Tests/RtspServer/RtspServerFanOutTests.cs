using Nvr.Media;
using Nvr.Rtsp.Client;
using Nvr.Rtsp.Server;
using Nvr.Streaming;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Tests.RtspServer;

/// <summary>
/// Safe fan-out with real clients: 100 in-process viewers and two ffmpeg viewers of one camera; one
/// ffmpeg is frozen (SIGSTOP) for 20 s. Nobody else — viewers or the recorder-like reader — may
/// notice, and the frozen one must be resynced or closed.
/// </summary>
public sealed class RtspServerFanOutTests(ITestOutputHelper output)
{
    private const int Viewers = 100;
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_frozen_viewer_does_not_disturb_100_others_or_the_recorder()
    {
        // Noise at 1 Mbit/s: a frozen viewer's socket buffers (~200 KiB in the client, ~512 KiB in
        // the server) fill within seconds, so the server has to act within the 20 s freeze. A
        // quiet test pattern compresses to ~20 KB/s and the kernel alone would absorb the freeze.
        await using var live = await LiveRtspServer.StartAsync(new FakeCameraOptions { Pattern = "snow", BitrateKbps = 1000 }, o => new RtspServerOptions
        {
            Address = o.Address, Port = 0, AllowAnonymous = true,
            MaxSessionsPerAddress = 256, MaxConnectionsPerAddress = 256, MaxSessions = 256,
        });
        var url = live.Url();
        using var stop = new CancellationTokenSource();

        // The recorder: a reader with the recorder's budget, never expected to drop.
        using var recorderReader = live.Feed.OpenReader(new FeedReaderOptions
        {
            MaxUnits = 8192, MaxBytes = 64 * 1024 * 1024, OverflowPolicy = FeedOverflowPolicy.KeepQueued, StartMode = FeedStartMode.NextKeyframe,
        });
        long recorderFrames = 0, recorderGaps = 0;
        var recorder = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var r = await recorderReader.ReadAsync(stop.Token);
                    if (r.Discontinuity) Interlocked.Increment(ref recorderGaps);
                    if (r.HasUnit && r.Description.Video?.Id == r.Unit.TrackId) Interlocked.Increment(ref recorderFrames);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // 100 in-process viewers over TCP.
        var counters = new FrameCounter[Viewers];
        var clients = new RtspClient[Viewers];
        for (int i = 0; i < Viewers; i++)
        {
            var counter = counters[i] = new FrameCounter();
            clients[i] = new RtspClient(new RtspClientOptions { Url = url, Transport = RtspTransportMode.Tcp }, counter.OnPacket);
        }
        await Task.WhenAll(clients.Select(c => c.StartAsync(stop.Token)));
        for (int i = 0; i < Viewers; i++)
        {
            counters[i].SetVideoTrack(clients[i].Tracks.Single(t => t.Description?.Kind == TrackKind.Video).Index);
        }
        var running = clients.Select(c => c.RunAsync(stop.Token)).ToArray();

        // Two ffmpeg viewers printing one line per video packet.
        string[] ffmpegArgs = ["-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", url, "-map", "0:v", "-c", "copy", "-flush_packets", "1", "-f", "framecrc", "-"];
        await using var healthy = TestProcess.Start("ffmpeg", ffmpegArgs, new TestProcessOptions { Name = "ffmpeg healthy", MaxKeptLines = 100_000 });
        await using var frozen = TestProcess.Start("ffmpeg", ffmpegArgs, new TestProcessOptions { Name = "ffmpeg frozen", MaxKeptLines = 100_000 });
        await WaitFor.ConditionAsync(() => Packets(healthy) > 15 && Packets(frozen) > 15, TimeSpan.FromSeconds(20), "both ffmpeg viewers to play");
        await WaitFor.ConditionAsync(() => counters.All(c => c.Frames > 15), TimeSpan.FromSeconds(20), "every in-process viewer to play");

        // Freeze one ffmpeg for 20 s and count what everybody else got meanwhile.
        var before = counters.Select(c => c.Frames).ToArray();
        long recorderBefore = Interlocked.Read(ref recorderFrames), healthyBefore = Packets(healthy);
        frozen.Signal(UnixSignal.Stop);
        await Task.Delay(Freeze); // the freeze itself is the test's subject, not a synchronisation
        frozen.Signal(UnixSignal.Cont);
        long recorderDuring = Interlocked.Read(ref recorderFrames) - recorderBefore;
        var during = counters.Select((c, i) => c.Frames - before[i]).ToArray();
        long healthyDuring = Packets(healthy) - healthyBefore;

        var stats = live.Server.GetStatistics();
        output.WriteLine($"recorder: {recorderDuring} frames in {Freeze.TotalSeconds} s; viewers: {during.Min()}..{during.Max()}; healthy ffmpeg: {healthyDuring}");
        output.WriteLine($"server: {stats.Sessions} sessions, {stats.WriteTimeouts} write timeouts, {stats.UnitsDropped} units dropped, {stats.BytesSent} bytes");
        foreach (var s in stats.SessionList.Where(s => s.UnitsDropped > 0 || s.Resyncs > 0))
        {
            output.WriteLine($"  {s.Id} {s.RemoteEndPoint}: dropped {s.UnitsDropped}, resyncs {s.Resyncs}, queued {s.QueuedUnits}");
        }

        // The recorder got the camera's rate (15 fps) without a gap, and so did every other viewer.
        // The counts are snapshots taken one after the other while frames keep flowing, so a busy
        // box may see a viewer a few frames behind; losing media would cost a resync (a whole GOP,
        // and a drop counted for its session, checked below).
        Assert.InRange(recorderDuring, 15 * 20 - 15, 15 * 20 + 15);
        Assert.Equal(0, Interlocked.Read(ref recorderGaps));
        Assert.All(during, d => Assert.InRange(d, recorderDuring - 10, recorderDuring + 10));
        Assert.All(counters, c => Assert.Equal(0, c.Gaps));
        Assert.InRange(healthyDuring, recorderDuring - 10, recorderDuring + 10);
        // The frozen one was resynced at a keyframe or closed after the write timeout; the others
        // never dropped anything.
        var others = stats.SessionList.Where(s => s.UnitsDropped == 0 && s.Resyncs == 0).Count();
        bool frozenHandled = stats.WriteTimeouts == 1 || stats.SessionList.Count(s => s.Resyncs > 0) == 1;
        Assert.True(frozenHandled, $"frozen viewer neither resynced nor closed: {stats.WriteTimeouts} timeouts");
        Assert.True(others >= Viewers + 1, $"{others} sessions without drops");

        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(15));
        foreach (var c in clients) await c.DisposeAsync();
        await recorder;
    }

    private static long Packets(TestProcess ffmpeg) =>
        ffmpeg.Lines.Count(l => l.Source == OutputSource.StdOut && l.Text.StartsWith("0,", StringComparison.Ordinal));
}
