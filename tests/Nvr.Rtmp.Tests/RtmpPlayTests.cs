using Nvr.Rtmp.Server;
using Nvr.Rtmp.Tests.Support;
using Nvr.Streaming;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

/// <summary>
/// Real players against a real socket: ffprobe/ffmpeg (librtmp-free native RTMP client, digest
/// handshake) and GStreamer's rtmpsrc (librtmp, simple handshake) read a live feed filled from a
/// real H.264 + AAC clip.
/// </summary>
public class RtmpPlayTests
{
    private static async Task<(TestRtmpServer Server, ClipFeeder Feeder)> StartAsync(double speed = 1.0)
    {
        var media = await ClipSources.H264ViaFlvAsync();
        var resolver = new TestResolver();
        var feed = new Feed("cam/main");
        resolver.Feeds["live/cam"] = feed;
        var feeder = new ClipFeeder(feed, media, speed);
        await WaitFor.ConditionAsync(() => feeder.Published > 0, TimeSpan.FromSeconds(10), "the feeder to start");
        return (new TestRtmpServer(resolver), feeder);
    }

    [Fact]
    public async Task Ffprobe_sees_h264_and_aac()
    {
        var (server, feeder) = await StartAsync();
        await using var _ = server;
        await using var __ = feeder;

        var probe = await Ffprobe.ProbeAsync(server.Url("live/cam"));

        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal(640, probe.Video?.Width);
        Assert.Equal(360, probe.Video?.Height);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Equal(48000, probe.Audio?.SampleRate);
        Assert.Equal(1, probe.Audio?.Channels);
    }

    [Fact]
    public async Task Ffmpeg_copies_ten_seconds_with_every_frame()
    {
        var (server, feeder) = await StartAsync();
        await using var _ = server;
        await using var __ = feeder;

        var count = await Ffmpeg.CountFramesAsync(server.Url("live/cam"), TimeSpan.FromSeconds(10), timeout: TimeSpan.FromSeconds(40));

        // fps × 10 ± one GOP; AAC 48 kHz has 46.875 frames/s.
        Assert.InRange(count.Video!.Frames, 250 - ClipSources.Gop, 250 + ClipSources.Gop);
        Assert.InRange(count.Audio!.Frames, 469 - 47, 469 + 47);
        Assert.Equal(0, count.Video.NonIncreasingDts);
        Assert.Equal(0, count.Audio.NonIncreasingDts);
    }

    [Fact]
    public async Task Ffmpeg_decodes_without_errors()
    {
        var (server, feeder) = await StartAsync();
        await using var _ = server;
        await using var __ = feeder;

        var errors = await Ffmpeg.DecodeErrorsAsync(server.Url("live/cam"), TimeSpan.FromSeconds(5), timeout: TimeSpan.FromSeconds(30));

        Assert.Equal("", errors);
    }

    [Fact]
    public async Task Gstreamer_rtmpsrc_decodes_100_frames()
    {
        var (server, feeder) = await StartAsync();
        await using var _ = server;
        await using var __ = feeder;

        var result = await GstLaunch.RunAsync(
            $"rtmpsrc location={server.Url("live/cam")} ! flvdemux name=d "
            + "d.video ! queue ! h264parse ! avdec_h264 ! identity eos-after=100 ! fakesink sync=false "
            + "d.audio ! queue ! identity eos-after=100 ! fakesink sync=false",
            TimeSpan.FromSeconds(40));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("EOS", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_stream_gets_StreamNotFound_and_the_connection_ends()
    {
        var resolver = new TestResolver();
        await using var server = new TestRtmpServer(resolver);

        var result = await Ffmpeg.RunAsync(["-v", "error", "-rw_timeout", "5000000", "-i", server.Url("live/nope"), "-f", "null", "-"], TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No such stream", result.StandardError, StringComparison.Ordinal);
        await WaitFor.ConditionAsync(() => !server.Outcomes.IsEmpty, TimeSpan.FromSeconds(10), "the session to end");
        Assert.True(server.Outcomes.TryPeek(out var outcome));
        Assert.Null(outcome);
        Assert.Equal("nope", Assert.Single(resolver.Requests).Name);
    }
}
