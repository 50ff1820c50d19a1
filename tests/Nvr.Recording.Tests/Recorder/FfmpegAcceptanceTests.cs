using Nvr.Recording.Files;
using Nvr.Recording.Tests.Support;
using Nvr.Testing;

namespace Nvr.Recording.Tests.Recorder;

/// <summary>
/// Real encoded media through a Feed into the recorder under a fake clock, 10 s segments, checked
/// by ffprobe and ffmpeg: every file probes and decodes without a message, frame counts and
/// durations match the index, consecutive files join exactly, and the span concatenates and plays.
/// </summary>
public sealed class FfmpegAcceptanceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("front", "h264", "aac")]
    [InlineData("yard", "h265", "pcm_mulaw")]
    [InlineData("door", "h264", "pcm_alaw")]
    public async Task Recorded_files_probe_decode_match_the_index_and_concatenate(string camera, string video, string audio)
    {
        var anchor = RecorderHarness.T0.UtcDateTime;
        var clip = await ClipSource.GetAsync(video, audio, 32, anchor);
        await using var h = new RecorderHarness(_temp.Path, camera: camera);
        h.Feed.SetDescription(new Nvr.Media.StreamDescription(0, clip.Tracks));
        await h.StartAsync();
        foreach (var u in clip.Units) await h.PublishAsync(clip.At(u) < TimeSpan.Zero ? TimeSpan.Zero : clip.At(u), u);
        await h.StopAsync();

        var rows = h.Segments(camera, "main");
        Assert.Equal(4, rows.Count); // 0–10, 10–20, 20–30, 30–32 s
        Assert.Equal(clip.VideoFrames, rows.Sum(r => r.Frames));
        double frame = 1.0 / ClipSource.Fps;
        for (int i = 0; i < rows.Count; i++)
        {
            var path = SegmentPath.ToFullPath(h.RecordingsDir, rows[i].Id);
            var probe = await Ffprobe.RunAsync(path);
            Assert.True(probe.Succeeded, probe.ToString());
            Assert.Equal("", probe.StandardError);
            Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(path));
            var counted = await Ffprobe.ProbeAsync(path, new ProbeOptions { CountPackets = true });
            Assert.Equal(rows[i].Frames, counted.Video!.NbReadPackets);
            Assert.InRange(counted.Video.Duration ?? counted.Format!.Duration!.Value, rows[i].Duration.TotalSeconds - frame, rows[i].Duration.TotalSeconds + frame);
            if (i > 0) Assert.Equal(rows[i - 1].EndTicks, rows[i].StartTicks);
        }

        var list = Path.Combine(_temp.Path, "list.txt");
        await File.WriteAllLinesAsync(list, rows.Select(r => $"file '{SegmentPath.ToFullPath(h.RecordingsDir, r.Id)}'"));
        var joined = Path.Combine(_temp.Path, "joined.mkv"); // the mp4 muxer cannot write G.711 (fmp4.md)
        var concat = await Ffmpeg.RunAsync(["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", joined], TimeSpan.FromSeconds(60));
        Assert.True(concat.Succeeded, concat.ToString());
        Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(joined));
        var whole = await Ffprobe.ProbeAsync(joined, new ProbeOptions { CountPackets = true });
        Assert.Equal(clip.VideoFrames, whole.Video!.NbReadPackets);
        Assert.InRange(whole.Format!.Duration!.Value, 32 - 2 * frame, 32 + 2 * frame);
    }
}
