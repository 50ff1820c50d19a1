using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>The cheap replay mode: a 2 s pre-encoded clip looped with continuous timestamps.</summary>
public sealed class ClipModeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CameraCodec.H264, CameraAudio.Aac, "h264", "aac")]
    [InlineData(CameraCodec.H265, CameraAudio.Pcma, "hevc", "pcm_alaw")]
    public async Task A_looped_clip_is_served_with_increasing_timestamps_across_loops(CameraCodec codec, CameraAudio audio, string videoCodec, string audioCodec)
    {
        var clip = await ClipFactory.EnsureAsync(codec, audio, width: 320, height: 240, fps: 15, gop: 15, seconds: 2);
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { ClipPath = clip, Log = Probe.To(output) });

        var probe = await Probe.CameraAsync(camera);
        // 3 s of a 2 s clip: crosses a loop boundary.
        var count = await Ffmpeg.CountFramesAsync(camera.Url(), TimeSpan.FromSeconds(3));

        Assert.Equal(videoCodec, probe.Video?.CodecName);
        Assert.Equal(320, probe.Video?.Width);
        Assert.Equal(audioCodec, probe.Audio?.CodecName);
        var video = Assert.IsType<StreamFrames>(count.Video);
        Assert.True(video.DurationSeconds >= 2.0, $"only {video.DurationSeconds:0.00} s of video: {video}\n{camera}");
        Assert.InRange(video.Frames, 30, 50);
        Assert.Equal(0, video.NonIncreasingDts);
        var sound = Assert.IsType<StreamFrames>(count.Audio);
        Assert.True(sound.DurationSeconds >= 2.0, $"only {sound.DurationSeconds:0.00} s of audio: {sound}");
        Assert.Equal(0, sound.NonIncreasingDts);
    }

    [Fact]
    public async Task Clip_factory_caches_one_file_per_recipe()
    {
        var first = await ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Pcmu, 160, 120, 10, 10, 1);
        var written = File.GetLastWriteTimeUtc(first);
        var again = await ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Pcmu, 160, 120, 10, 10, 1);

        Assert.Equal(first, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(again));
        var probe = await Ffprobe.ProbeAsync(first);
        Assert.Equal("matroska,webm", probe.Format?.FormatName);
        Assert.Equal((160, 120), (probe.Video?.Width, probe.Video?.Height));
        Assert.Equal("pcm_mulaw", probe.Audio?.CodecName);
        Assert.InRange(probe.Format?.Duration ?? 0, 0.9, 1.2);
    }
}
