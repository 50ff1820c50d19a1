using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

/// <summary>
/// Files written by <see cref="Mp4FragmentWriter"/> from real encoder output, checked by the
/// real peer: ffprobe/ffmpeg must read and decode them without a single message, with the
/// input's frame count, timestamps, codecs and resolution; consecutive files must concatenate.
/// </summary>
public sealed class Mp4FfmpegInteropTests
{
    public static TheoryData<string, string, int> Clips => new()
    {
        { "h264", "aac", 0 },
        { "h265", "aac", 0 },
        { "h264", "pcm_alaw", 0 },
        { "h264", "pcm_mulaw", 0 },
        { "h265", "pcm_mulaw", 0 },
        { "h264", "", 2 }, // B-frames: composition offsets
    };

    [Theory]
    [MemberData(nameof(Clips))]
    public void WrittenFile_ProbesAndDecodesSilently_WithInputFramesCodecsAndTimestamps(string video, string audio, int bframes)
    {
        var clip = TestClip.Get(video, audio, bframes);
        var written = Mp4TestFiles.WriteFile(clip);
        var (file, accepted) = (written.File, written.Accepted);
        using var dir = new TempDir("nvr-mp4-out");
        string path = dir.File("out.mp4");
        File.WriteAllBytes(path, file);
        if (Environment.GetEnvironmentVariable("NVR_MP4_KEEP") is { Length: > 0 } keep) // debugging: keep the files for manual inspection
        {
            File.WriteAllBytes(Path.Combine(keep, $"{video}-{(audio == "" ? "none" : audio)}-bf{bframes}.mp4"), file);
        }

        AssertSilent(path);

        using var probe = JsonDocument.Parse(FfmpegRunner.Check("ffprobe", ["-v", "error", "-count_frames", "-count_packets",
            "-show_entries", "stream=codec_type,codec_name,width,height,nb_read_frames,nb_read_packets", "-of", "json", path]).StdOut);
        var streams = probe.RootElement.GetProperty("streams").EnumerateArray().ToArray();
        Assert.Equal(audio == "" ? 1 : 2, streams.Length);
        var v = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal(video == "h264" ? "h264" : "hevc", v.GetProperty("codec_name").GetString());
        Assert.Equal(TestClip.Width, v.GetProperty("width").GetInt32());
        Assert.Equal(TestClip.Height, v.GetProperty("height").GetInt32());
        Assert.Equal(clip.VideoFrames, int.Parse(v.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(100, clip.VideoFrames); // 4 s at 25 fps
        if (audio != "")
        {
            var a = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");
            Assert.Equal(audio, a.GetProperty("codec_name").GetString());
            // Audio before the first video keyframe (AAC priming) is dropped by the writer.
            int audioUnits = accepted.Count(u => u.TrackId == TestClip.AudioTrackId);
            Assert.InRange(clip.AudioFrames - audioUnits, 0, 2);
            Assert.Equal(audioUnits, int.Parse(a.GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture));
        }

        // Video timestamps and total duration equal the input's.
        using var packets = JsonDocument.Parse(FfmpegRunner.Check("ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries",
            "packet=pts,dts,duration,flags", "-of", "json", path]).StdOut);
        var vp = packets.RootElement.GetProperty("packets").EnumerateArray().ToArray();
        var input = clip.Units.Where(u => u.TrackId == TestClip.VideoTrackId).ToArray();
        Assert.Equal(input.Length, vp.Length);
        Assert.Equal(input[0].Dts, written.VideoOrigin); // the file starts at zero with its first keyframe
        for (int i = 0; i < input.Length; i++)
        {
            Assert.Equal(input[i].Pts - written.VideoOrigin, vp[i].GetProperty("pts").GetInt64());
            Assert.Equal(input[i].Dts - written.VideoOrigin, vp[i].GetProperty("dts").GetInt64());
            Assert.Equal(input[i].IsKeyframe, vp[i].GetProperty("flags").GetString()!.StartsWith('K'));
        }
        long totalDuration = vp.Sum(p => p.GetProperty("duration").GetInt64());
        Assert.Equal(4 * 90000, totalDuration);
    }

    [Theory]
    [MemberData(nameof(Clips))]
    public void ConsecutiveFiles_SplitAtKeyframe_AreContinuous_AndConcatenate(string video, string audio, int bframes)
    {
        var clip = TestClip.Get(video, audio, bframes);
        var units = clip.Units;
        long splitDts = units.First(u => u.TrackId == TestClip.VideoTrackId).Dts + 2 * 90000;
        int split = units.ToList().FindIndex(u => u.TrackId == TestClip.VideoTrackId && u.IsKeyframe && u.Dts >= splitDts);
        Assert.True(split > 0);
        Assert.Equal(splitDts, units[split].Dts); // -g 25: a keyframe every second

        var writer = new Mp4FragmentWriter(clip.Tracks);
        var first = new ArrayBufferWriter<byte>();
        var firstFragments = new List<Mp4Fragment>();
        writer.WriteInitSegment(first);
        Mp4TestFiles.Feed(writer, first, units.Take(split), firstFragments, []);
        Assert.Equal(Mp4AppendResult.Accepted, writer.Append(units[split]));
        firstFragments.Add(writer.WriteFragment(first)!); // ends just before the keyframe
        Assert.Equal(first.WrittenCount, writer.FileOffset);

        var firstOrigins = clip.Tracks.ToDictionary(t => writer.GetMp4TrackId(t.Id), t => Origin(writer, t.Id));

        var second = new ArrayBufferWriter<byte>();
        var secondFragments = new List<Mp4Fragment>();
        writer.WriteInitSegment(second);
        Mp4TestFiles.Feed(writer, second, units.Skip(split + 1), secondFragments);
        secondFragments.Add(writer.WriteFinalFragment(second)!);
        var secondOrigins = clip.Tracks.ToDictionary(t => writer.GetMp4TrackId(t.Id), t => Origin(writer, t.Id));

        // Per track, the second file starts where the first ended, in stream time (origin + tfdt):
        // no gap, no overlap, no estimated duration at the seam.
        var a = Mp4Reader.Read(first.WrittenSpan);
        var b = Mp4Reader.Read(second.WrittenSpan);
        Assert.Equal(Mp4ReadStatus.Complete, a.Status);
        Assert.Equal(Mp4ReadStatus.Complete, b.Status);
        Assert.True(b.Fragments[0].IsKeyframe);
        Assert.Equal(units[split].Dts, secondOrigins[1] + b.Fragments[0].StartDts);
        foreach (var track in a.Init!.Tracks)
        {
            var last = a.Fragments.Last(f => f.Track(track.TrackId) is not null).Track(track.TrackId)!;
            var next = b.Fragments.First(f => f.Track(track.TrackId) is not null).Track(track.TrackId)!;
            Assert.Equal(firstOrigins[track.TrackId] + last.BaseDecodeTime + last.Duration, secondOrigins[track.TrackId] + next.BaseDecodeTime);
        }
        Assert.Equal(0, a.Fragments[0].Tracks.Min(t => t.BaseDecodeTime)); // each file starts at zero
        Assert.Equal(0, b.Fragments[0].Tracks.Min(t => t.BaseDecodeTime));

        using var dir = new TempDir("nvr-mp4-concat");
        File.WriteAllBytes(dir.File("a.mp4"), first.WrittenSpan.ToArray());
        File.WriteAllBytes(dir.File("b.mp4"), second.WrittenSpan.ToArray());
        AssertSilent(dir.File("a.mp4"));
        AssertSilent(dir.File("b.mp4"));
        File.WriteAllText(dir.File("list.txt"), "file 'a.mp4'\nfile 'b.mp4'\n");
        // FFmpeg's mp4 muxer has no tag for G.711, so those concatenate into QuickTime (.mov).
        string output = dir.File(audio.StartsWith("pcm_", StringComparison.Ordinal) ? "out.mov" : "out.mp4");
        var concat = FfmpegRunner.Run("ffmpeg", ["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", dir.File("list.txt"), "-c", "copy", output]);
        Assert.True(concat.ExitCode == 0 && concat.StdErr.Length == 0, concat.StdErr);
        AssertSilent(output);
        var frames = FfmpegRunner.Check("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
            "stream=nb_read_frames", "-of", "csv=p=0", output]).StdOut.Trim();
        Assert.Equal(clip.VideoFrames.ToString(CultureInfo.InvariantCulture), frames);

        // The joined timeline has no hole: total duration 4 s and no video step longer than one
        // frame plus one audio frame (FFmpeg places the second file after the first's longest track).
        double audioFrame = audio == "aac" ? 1024 / 48000.0 : audio == "" ? 0 : 160 / 8000.0;
        var duration = double.Parse(FfmpegRunner.Check("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", output]).StdOut.Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(duration, 4.0 - 0.001, 4.0 + audioFrame + 0.05);
        var dts = FfmpegRunner.Check("ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries", "packet=dts_time", "-of", "csv=p=0", output]).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(clip.VideoFrames, dts.Length);
        for (int i = 1; i < dts.Length; i++) Assert.InRange(dts[i] - dts[i - 1], 0.04 - 0.002, 0.04 + audioFrame + 0.002);
    }

    private static long Origin(Mp4FragmentWriter writer, int trackId)
    {
        Assert.True(writer.TryGetFileOrigin(trackId, out long origin));
        return origin;
    }

    [Theory]
    [MemberData(nameof(Clips))]
    public void FileTruncatedAtCompleteEnd_StillDecodesSilently(string video, string audio, int bframes)
    {
        var clip = TestClip.Get(video, audio, bframes);
        var (file, fragments) = (Mp4TestFiles.WriteFile(clip).File, Mp4TestFiles.WriteFile(clip).Fragments);
        var last = fragments[^1];
        var torn = file.AsSpan(0, (int)(last.Offset + last.Size / 2));
        var result = Mp4Reader.Read(torn);
        Assert.Equal(Mp4ReadStatus.Truncated, result.Status);
        Assert.Equal(last.Offset, result.CompleteEnd);

        using var dir = new TempDir("nvr-mp4-torn");
        string path = dir.File("recovered.mp4");
        File.WriteAllBytes(path, torn[..(int)result.CompleteEnd].ToArray());
        AssertSilent(path);
        var frames = FfmpegRunner.Check("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
            "stream=nb_read_frames", "-of", "csv=p=0", path]).StdOut.Trim();
        int expected = fragments.Take(fragments.Count - 1).Sum(f => f.Track(1)!.Samples.Count);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), frames);
    }

    /// <summary>ffprobe and a full ffmpeg decode print nothing at level error.</summary>
    internal static void AssertSilent(string path)
    {
        var probe = FfmpegRunner.Run("ffprobe", ["-v", "error", path]);
        Assert.True(probe.ExitCode == 0 && probe.StdErr.Length == 0 && probe.StdOut.Length == 0, $"ffprobe: {probe.StdErr}{probe.StdOut}");
        var decode = FfmpegRunner.Run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"]);
        Assert.True(decode.ExitCode == 0 && decode.StdErr.Length == 0 && decode.StdOut.Length == 0, $"ffmpeg: {decode.StdErr}{decode.StdOut}");
    }
}
