using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Ingest;

/// <summary>
/// The published nvr records a GStreamer camera whose shared media re-prerolls (and restarts its
/// RTP timestamps) when a second client connects to the camera directly. The recording made across
/// that must decode cleanly, keep one frame interval per frame, and last as long as the wall time.
/// </summary>
public sealed class TimestampJumpRecordingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Recording_across_a_camera_timestamp_restart_is_continuous_and_as_long_as_wall_time()
    {
        const int fps = 15;
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Width = 320, Height = 240, Fps = fps, Gop = fps, Audio = CameraAudio.Pcma, Shared = true,
        });
        using var config = new NvrConfig(json =>
        {
            json["Recording"] = new JsonObject { ["SegmentSeconds"] = 4, ["MinFreeBytes"] = 0, ["MinFreePercent"] = 0 };
            json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "cam", ["Url"] = camera.Url(), ["Transport"] = "tcp" });
        });
        var recordings = Path.Combine(config.Dir, "data", "recordings");
        DateTime stopped;
        JsonElement[] segments;
        await using (var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]))
        {
            using var http = config.CreateHttpClient(TimeSpan.FromSeconds(5));
            await WaitFor.ConditionAsync(async () => (await SegmentsAsync(http)).Length >= 1, TimeSpan.FromSeconds(30), "a first segment");
            // Mid-segment, two direct clients, a few seconds apart: each makes the media re-preroll.
            for (int i = 0; i < 2; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                var probe = await ProcessRunner.RunAsync("ffprobe",
                    ["-v", "error", "-rtsp_transport", "tcp", "-read_intervals", "%+1", "-show_entries", "packet=pts", "-of", "csv", camera.Url()],
                    TimeSpan.FromSeconds(15));
                output.WriteLine($"second client {i + 1}: exit {probe.ExitCode}");
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            stopped = DateTime.UtcNow;
            nvr.Signal(NvrProcess.SIGTERM);
            Assert.Equal(0, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            int jumps = nvr.Output.Split('\n').Count(l => l.Contains("re-anchored by arrival", StringComparison.Ordinal));
            output.WriteLine($"nvr logged {jumps} timestamp discontinuities");
            Assert.True(jumps >= 2, "the camera's timestamps did not jump: is its media still shared?\n" + nvr.Output);
        }

        await using (var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]))
        {
            using var http = config.CreateHttpClient(TimeSpan.FromSeconds(5));
            await WaitFor.ConditionAsync(async () => (await SegmentsAsync(http)).Length >= 1, TimeSpan.FromSeconds(20), "index readable");
            segments = (await SegmentsAsync(http)).OrderBy(s => s.GetProperty("start").GetDateTime()).ToArray();
            nvr.Signal(NvrProcess.SIGTERM);
            await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        // Only the first run's files: the second nvr may have started a new one.
        segments = segments.Where(s => s.GetProperty("start").GetDateTime() < stopped).ToArray();
        Assert.True(segments.Length >= 3, $"{segments.Length} segments");

        double total = 0;
        foreach (var s in segments)
        {
            var file = Path.Combine(recordings, s.GetProperty("path").GetString()!);
            Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(file));
            int frames = s.GetProperty("frames").GetInt32();
            double seconds = s.GetProperty("durationSeconds").GetDouble();
            var counted = await Ffmpeg.CountFramesAsync(file);
            output.WriteLine($"{s.GetProperty("path").GetString()}: {frames} frames ({counted.Video!.Frames} decoded), {seconds:0.000} s");
            Assert.InRange(counted.Video!.Frames, frames - 1, frames + 1);
            // One frame interval per frame: a run of zero-duration frames would make frames/fps exceed the duration.
            Assert.InRange(frames / (double)fps, seconds - 0.5, seconds + 2.0 / fps);
            total += seconds;
        }
        for (int k = 1; k < segments.Length; k++)
        {
            var gap = segments[k].GetProperty("start").GetDateTime() - segments[k - 1].GetProperty("end").GetDateTime();
            Assert.True(gap.Duration() < TimeSpan.FromSeconds(1.0 / fps), $"gap {gap} between segments {k - 1} and {k}");
        }
        var wall = (stopped - segments[0].GetProperty("start").GetDateTime()).TotalSeconds;
        output.WriteLine($"recorded {total:0.000} s in {segments.Length} files over {wall:0.000} s of wall time");
        Assert.InRange(total, wall - 1, wall + 1);
    }

    private static async Task<JsonElement[]> SegmentsAsync(HttpClient http)
    {
        try
        {
            return (await http.GetFromJsonAsync<JsonElement>("api/recordings?camera=cam&stream=main"))
                .GetProperty("spans").EnumerateArray().SelectMany(s => s.GetProperty("segments").EnumerateArray()).ToArray();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }
}
