using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>The live fake camera, checked with ffprobe/ffmpeg/gst-launch as clients.</summary>
public sealed class FakeCameraTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CameraCodec.H264, CameraAudio.Aac, 320, 240, "h264", "aac", 48000)]
    [InlineData(CameraCodec.H265, CameraAudio.Pcma, 352, 288, "hevc", "pcm_alaw", 8000)]
    [InlineData(CameraCodec.H264, CameraAudio.Pcmu, 320, 180, "h264", "pcm_mulaw", 8000)]
    [InlineData(CameraCodec.H264, CameraAudio.None, 256, 144, "h264", null, 0)]
    public async Task Ffprobe_over_tcp_sees_the_configured_codecs_and_size(
        CameraCodec codec, CameraAudio audio, int width, int height, string videoCodec, string? audioCodec, int sampleRate)
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Codec = codec, Audio = audio, Width = width, Height = height, Fps = 15, Gop = 15, Log = Probe.To(output),
        });

        var probe = await Probe.CameraAsync(camera);

        Assert.Equal("rtsp", probe.Format?.FormatName);
        var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
        Assert.Equal(videoCodec, video.CodecName);
        Assert.Equal(width, video.Width);
        Assert.Equal(height, video.Height);
        Assert.Equal("15/1", video.RFrameRate);
        if (audioCodec is null)
        {
            Assert.Single(probe.Streams);
        }
        else
        {
            Assert.Equal(2, probe.Streams.Count);
            Assert.Equal(audioCodec, probe.Audio?.CodecName);
            Assert.Equal(sampleRate, probe.Audio?.SampleRate);
            Assert.Equal(1, probe.Audio?.Channels);
        }
    }

    [Theory]
    [InlineData(ClientTransport.Tcp)]
    [InlineData(ClientTransport.Udp)]
    public async Task Ffprobe_reads_the_camera_over_each_transport(ClientTransport transport)
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240, Audio = CameraAudio.Pcma, Log = Probe.To(output) });

        var probe = await Probe.CameraAsync(camera, transport: transport);

        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("pcm_alaw", probe.Audio?.CodecName);
    }

    [Theory]
    [InlineData(CameraCodec.H264, "h264")]
    [InlineData(CameraCodec.H265, "hevc")]
    public async Task Ffmpeg_decodes_two_seconds_without_errors_and_timestamps_increase(CameraCodec codec, string codecId)
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Codec = codec, Width = 320, Height = 240, Log = Probe.To(output) });

        var errors = await Ffmpeg.DecodeErrorsAsync(camera.Url(), TimeSpan.FromSeconds(2));
        var count = await Ffmpeg.CountFramesAsync(camera.Url(), TimeSpan.FromSeconds(2));

        Assert.True(errors.Length == 0, $"ffmpeg reported:\n{errors}\n{camera}");
        var video = Assert.IsType<StreamFrames>(count.Video);
        Assert.Equal(codecId, video.CodecId);
        Assert.InRange(video.Frames, 25, 35); // 2 s at 15 fps, ± a frame or two at each end
        Assert.Equal(0, video.NonIncreasingDts);
        Assert.Equal("aac", count.Audio?.CodecId);
        Assert.Equal(0, count.Audio?.NonIncreasingDts);
    }

    [Fact]
    public async Task Gst_launch_decodes_thirty_frames_from_the_camera()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240, Audio = CameraAudio.None, Log = Probe.To(output) });

        var result = await GstLaunch.RunAsync(
            $"rtspsrc location={camera.Url()} protocols=tcp latency=100 ! rtph264depay ! h264parse ! avdec_h264 ! identity eos-after=30 ! fakesink",
            TimeSpan.FromSeconds(20));

        Assert.True(result.Succeeded, $"gst-launch: {result}\n{camera}");
        Assert.Contains("Got EOS from element", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_mount_paths_serve_their_own_sizes()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Mounts = ["/cam", "/sub"], Width = 320, Height = 240, SubWidth = 160, SubHeight = 120, Audio = CameraAudio.None, Log = Probe.To(output),
        });

        var main = await Probe.CameraAsync(camera, "/cam");
        var sub = await Probe.CameraAsync(camera, "/sub");

        Assert.Equal((320, 240), (main.Video?.Width, main.Video?.Height));
        Assert.Equal((160, 120), (sub.Video?.Width, sub.Video?.Height));
        var missing = await Ffprobe.RunAsync(camera.Url("/nope"));
        Assert.False(missing.Succeeded, $"an unknown mount must fail: {missing}");
        Assert.Contains("404", missing.StandardError, StringComparison.Ordinal);
    }
}
