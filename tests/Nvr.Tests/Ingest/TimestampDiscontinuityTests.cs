using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Ingest;
using Nvr.Media;
using Nvr.Streaming;
using Nvr.Streaming.Events;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Tests.Ingest;

/// <summary>
/// A GStreamer camera with a shared media re-prerolls its pipeline when a second client connects,
/// and its RTP timestamps restart (seen: both tracks step back by the time the media had been
/// playing). The ingest must re-anchor, not turn the step into a run of +1-tick DTS steps.
/// </summary>
public sealed class TimestampDiscontinuityTests(ITestOutputHelper output)
{
    public static TheoryData<CameraCodec, CameraAudio> Cases => new()
    {
        { CameraCodec.H264, CameraAudio.Pcma },
        { CameraCodec.H264, CameraAudio.Aac },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Second_client_on_a_shared_camera_keeps_the_feed_timeline_continuous(CameraCodec codec, CameraAudio audio)
    {
        const int fps = 15;
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Codec = codec, Audio = audio, Width = 320, Height = 240, Fps = fps, Gop = fps, Shared = true,
        });
        var options = new CameraOptions { Id = "cam", Url = camera.Url(), Transport = "tcp" };
        var feed = new Feed("cam");
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 100_000, MaxBytes = 256 * 1024 * 1024 });
        var stats = new IngestStatistics();
        var ingest = new RtspIngest(options, options.Url, feed, stats, new IngestOptions(), TimeProvider.System, NullLogger.Instance);
        var supervisor = new CameraSupervisor("cam", "main", ingest, new EventBus(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = supervisor.RunAsync(stop.Token);

        var units = new List<(MediaUnit Unit, long Arrived)>();
        StreamDescription? description = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task ReadForAsync(TimeSpan span)
        {
            var until = Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                using var slice = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                slice.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    var r = await reader.ReadAsync(slice.Token);
                    Assert.False(r.Discontinuity, "the reader was resynced");
                    description = r.Description ?? description;
                    if (r.HasUnit) units.Add((r.Unit!, Stopwatch.GetTimestamp()));
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                }
            }
        }

        await WaitFor.ConditionAsync(() => feed.Description is not null, TimeSpan.FromSeconds(20), "feed described");
        await ReadForAsync(TimeSpan.FromSeconds(4));
        // A second client plays the camera directly for a moment: the shared media re-prerolls.
        var probe = await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-rtsp_transport", "tcp", "-read_intervals", "%+1", "-show_entries", "packet=pts", "-of", "csv", camera.Url()],
            TimeSpan.FromSeconds(15));
        output.WriteLine($"second client: exit {probe.ExitCode}, {probe.StandardOutput.Split('\n').Length} packet lines");
        await ReadForAsync(TimeSpan.FromSeconds(5));
        stop.Cancel();
        await running;

        Assert.NotNull(description);
        output.WriteLine($"{codec}+{audio}: {units.Count} units, discontinuities {stats.TimestampDiscontinuities}, lost {stats.PacketsLost}, dropped {stats.UnitsDropped}");
        // The camera did restart its timestamps (otherwise this test proves nothing).
        Assert.True(stats.TimestampDiscontinuities >= 1, "the camera's timestamps did not jump: is its media still shared?");
        var first = units[0];
        var last = units[^1];
        double wall = (last.Arrived - first.Arrived) / (double)Stopwatch.Frequency;
        foreach (var track in description.Tracks)
        {
            var list = units.Where(u => u.Unit.TrackId == track.Id).Select(u => u.Unit).ToList();
            Assert.True(list.Count > 20, $"track {track.Id}: {list.Count} units");
            var steps = list.Zip(list.Skip(1), (a, b) => b.Dts - a.Dts).ToList();
            long clock = track.ClockRate;
            Assert.All(steps, s => Assert.True(s > 0, $"track {track.Id}: DTS step {s}"));
            // No run of +1-tick steps: every step is at least a millisecond and at most a second.
            int tiny = steps.Count(s => s < clock / 1000);
            long largest = steps.Max();
            output.WriteLine($"track {track.Id} ({track.Codec}): {list.Count} units, smallest step {steps.Min()} ticks, largest {largest} ticks ({largest / (double)clock:0.000} s), {tiny} steps under 1 ms");
            Assert.Equal(0, tiny);
            Assert.True(largest <= clock, $"track {track.Id}: a DTS step of {largest / (double)clock:0.000} s");
            // Media time covers the wall time the units spanned.
            double media = (list[^1].Dts - list[0].Dts) / (double)clock;
            output.WriteLine($"track {track.Id}: media {media:0.000} s over {wall:0.000} s of arrival");
            Assert.InRange(media, wall - 1, wall + 1);
        }
        // A/V alignment after the jump: the last units of both tracks map to wall clocks that agree.
        if (description.Audio is { } a && description.Video is { } v)
        {
            var lastVideo = units.Last(u => u.Unit.TrackId == v.Id).Unit.WallClock!.Value;
            var lastAudio = units.Last(u => u.Unit.TrackId == a.Id).Unit.WallClock!.Value;
            output.WriteLine($"last video vs last audio wallclock: {(lastVideo - lastAudio).TotalMilliseconds:0} ms");
            Assert.True((lastVideo - lastAudio).Duration() < TimeSpan.FromSeconds(0.5), $"A/V apart by {lastVideo - lastAudio}");
        }
    }
}
