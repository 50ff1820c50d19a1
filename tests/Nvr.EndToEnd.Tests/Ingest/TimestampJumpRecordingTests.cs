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
            var jumpLines = nvr.Output.Split('\n').Where(l => l.Contains("re-anchored by arrival", StringComparison.Ordinal)).ToList();
            foreach (var line in jumpLines) output.WriteLine(line.Trim());
            int jumps = jumpLines.Count;
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
            // The file's own timeline: video DTS strictly increasing by at least half a frame interval
            // (a run of +1-tick steps is what the discontinuity used to produce).
            var packets = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts_time", "-of", "csv=p=0", file], TimeSpan.FromSeconds(20));
            var dts = packets.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            for (int i = 1; i < dts.Length; i++)
            {
                Assert.True(dts[i] - dts[i - 1] >= 0.5 / fps, $"{file}: video DTS step {dts[i] - dts[i - 1]:0.000000} s at packet {i}");
            }
            // Decoding reports nothing about the file. FFmpeg 5.1's null muxer rounds frame times to
            // 1/fps, and a re-anchored gap that is not a whole number of frames can land two frames
            // in one slot ("non monotonically increasing dts to muxer"): that line is about its output.
            var errors = (await Ffmpeg.DecodeErrorsAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outputSide = errors.Count(e => e.Contains("non monotonically increasing dts to muxer", StringComparison.Ordinal));
            if (outputSide > 0) output.WriteLine($"{s.GetProperty("path").GetString()}: {outputSide} null-muxer slot collision(s) (output side)");
            Assert.DoesNotContain(errors, e => !e.Contains("non monotonically increasing dts to muxer", StringComparison.Ordinal));
            int frames = s.GetProperty("frames").GetInt32();
            double seconds = s.GetProperty("durationSeconds").GetDouble();
            var counted = await Ffmpeg.CountFramesAsync(file);
            output.WriteLine($"{s.GetProperty("path").GetString()}: {frames} frames ({counted.Video!.Frames} decoded), {seconds:0.000} s");
            Assert.InRange(counted.Video!.Frames, frames - 1, frames + 1);
            // One frame interval per frame: a run of zero-duration frames would make frames/fps exceed the
            // duration. Below it by the camera's re-preroll pause at most (kept as media time: 0.2 s
            // here, longer on a loaded machine).
            Assert.InRange(frames / (double)fps, seconds - 1.5, seconds + 2.0 / fps);
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
