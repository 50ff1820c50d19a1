using Nvr.Media;
using Nvr.Rtmp.Tests.Support;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

/// <summary>Real encoders publishing: <c>ffmpeg -re -i clip -c copy -f flv rtmp://…/live/name?key=…</c>.</summary>
public class RtmpPublishTests
{
    [Fact]
    public async Task Ffmpeg_publish_with_the_right_key_delivers_every_frame_and_a_correct_description()
    {
        var clip = await ClipSources.ClipAsync(CameraCodec.H264, CameraAudio.Aac, seconds: 4);
        var probe = await Ffprobe.ProbeAsync(clip, new ProbeOptions { CountPackets = true });
        var reference = await ClipSources.ViaAnnexBAsync(CameraCodec.H264, seconds: 4); // SPS/PPS found without our FLV code
        var resolver = new TestResolver();
        var sink = new RecordingSink();
        resolver.Publishers["live/pub"] = ("s3cret", sink);
        await using var server = new TestRtmpServer(resolver);

        var result = await Ffmpeg.RunAsync(["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "flv", server.Url("live/pub?key=s3cret")], TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.ToString());
        await sink.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, sink.CloseCount);
        var description = Assert.Single(sink.Descriptions);
        var video = description.Video!;
        Assert.Equal(MediaCodec.H264, video.Codec);
        Assert.Equal(90000, video.ClockRate);
        Assert.Equal(640, video.Width);
        Assert.Equal(360, video.Height);
        Assert.Equal(66, video.Profile); // -profile:v baseline
        Assert.Equal(reference.Video.Sps, video.Sps);
        Assert.Equal(reference.Video.Pps, video.Pps);
        var audio = description.Audio!;
        Assert.Equal(MediaCodec.Aac, audio.Codec);
        Assert.Equal(48000, audio.ClockRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal(reference.Description.Audio!.AudioSpecificConfig, audio.AudioSpecificConfig);

        var units = sink.Units;
        var videoUnits = units.Where(u => u.TrackId == video.Id).ToList();
        Assert.Equal(probe.Video!.NbReadPackets, videoUnits.Count);
        Assert.Equal(probe.Audio!.NbReadPackets, units.Count(u => u.TrackId == audio.Id));
        Assert.Equal(4, videoUnits.Count(u => u.IsKeyframe));
        Assert.True(videoUnits[0].IsKeyframe);
        // 25 fps: DTS steps are exactly 3600 ticks (40 ms is exact in RTMP milliseconds).
        Assert.All(videoUnits.Skip(1).Zip(videoUnits), p => Assert.Equal(3600, p.First.Dts - p.Second.Dts));
        // The frames are the clip's frames (the Annex B reference repeats SPS/PPS in keyframes: compare the others).
        Assert.Equal(
            reference.Units.Where(u => u.TrackId == 0 && !u.IsKeyframe).Select(u => u.Payload.ToArray()),
            videoUnits.Where(u => !u.IsKeyframe).Select(u => u.Payload.ToArray()));
        // Audio time is on the 1024-sample grid despite millisecond timestamps.
        var audioUnits = units.Where(u => u.TrackId == audio.Id).ToList();
        Assert.All(audioUnits.Skip(1).Zip(audioUnits), p => Assert.Equal(1024, p.First.Pts - p.Second.Pts));
        Assert.Null(Assert.Single(server.Outcomes));
    }

    [Fact]
    public async Task Ffmpeg_publish_with_a_wrong_key_is_refused()
    {
        var clip = await ClipSources.ClipAsync(CameraCodec.H264, CameraAudio.Aac, seconds: 4);
        var resolver = new TestResolver();
        var sink = new RecordingSink();
        resolver.Publishers["live/pub"] = ("s3cret", sink);
        await using var server = new TestRtmpServer(resolver);

        var result = await Ffmpeg.RunAsync(["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "flv", server.Url("live/pub?key=wrong")], TimeSpan.FromSeconds(30));

        Assert.False(result.Succeeded);
        Assert.Contains("Authentication failed", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(sink.Units);
        Assert.Equal(0, sink.CloseCount);
        var request = Assert.Single(resolver.Requests);
        Assert.Equal("live", request.App);
        Assert.Equal("pub", request.Name);
        Assert.Equal("wrong", request.Key);
        await WaitFor.ConditionAsync(() => !server.Outcomes.IsEmpty, TimeSpan.FromSeconds(10), "the session to end");
        Assert.Null(Assert.Single(server.Outcomes));
    }
}
