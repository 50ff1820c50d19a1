using Nvr.Configuration;
using Nvr.Http;
using Nvr.Media;

namespace Nvr.Tests.Http;

/// <summary>Which live outputs carry a stream's audio (GET /api/cameras <c>outputs</c>), and their paths.</summary>
public sealed class StreamOutputsTests
{
    private static readonly NvrOptions Options = new();

    private static StreamDescription Describe(MediaCodec video, MediaCodec? audio)
    {
        var tracks = new List<TrackDescription> { new() { Id = 0, Kind = TrackKind.Video, Codec = video, ClockRate = 90_000 } };
        if (audio is { } a) tracks.Add(new() { Id = 1, Kind = TrackKind.Audio, Codec = a, ClockRate = a == MediaCodec.Aac ? 48_000 : 8_000 });
        return new StreamDescription(1, tracks);
    }

    [Theory]
    // rtsp, rtmp, httpFlv, hls (fMP4 and TS)
    [InlineData(MediaCodec.Aac, true, true, true, true)]
    [InlineData(MediaCodec.Pcma, true, true, false, false)]
    [InlineData(MediaCodec.Pcmu, true, true, false, false)]
    [InlineData(null, false, false, false, false)]
    public void Browser_outputs_leave_g711_out(MediaCodec? audio, bool rtsp, bool rtmp, bool httpFlv, bool hls)
    {
        var o = StreamOutputs.For("cam", "main", Describe(MediaCodec.H265, audio), Options);
        Assert.Equal((rtsp, rtmp, httpFlv, hls, hls), (o.Rtsp.Audio, o.Rtmp.Audio, o.HttpFlv.Audio, o.HlsFmp4.Audio, o.HlsTs.Audio));
    }

    [Fact]
    public void Audio_is_unknown_before_the_stream_was_described()
    {
        var o = StreamOutputs.For("cam", "main", null, Options);
        Assert.All(new[] { o.Rtsp, o.Rtmp, o.HttpFlv, o.HlsFmp4, o.HlsTs }, x => Assert.Null(x.Audio));
    }

    [Fact]
    public void Paths_and_ports_name_each_listener()
    {
        var main = StreamOutputs.For("cam", "main", null, Options);
        Assert.Equal(new OutputInfo("/cam", 8554, null), main.Rtsp);
        Assert.Equal(new OutputInfo("/live/cam", 1935, null), main.Rtmp);
        Assert.Equal(new OutputInfo("/live/cam.flv", 8080, null), main.HttpFlv);
        Assert.Equal(new OutputInfo("/live/cam/index.m3u8", 8080, null), main.HlsFmp4);
        Assert.Equal(new OutputInfo("/live/cam/index.m3u8?format=ts", 8080, null), main.HlsTs);
        var sub = StreamOutputs.For("cam", "sub", null, Options);
        Assert.Equal("/cam/sub", sub.Rtsp.Path);
        Assert.Equal("/live/cam/sub/index.m3u8", sub.HlsFmp4.Path);
    }
}
