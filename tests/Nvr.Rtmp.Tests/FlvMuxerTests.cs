using Nvr.Media;
using Nvr.Rtmp.Flv;
using Nvr.Rtmp.Tests.Support;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

public class FlvMuxerTests
{
    [Theory]
    [InlineData(CameraCodec.H264)]
    [InlineData(CameraCodec.H265)]
    public async Task Muxed_clip_demuxes_back_to_the_same_units(CameraCodec codec)
    {
        var media = await ClipSources.ViaAnnexBAsync(codec);
        var muxer = new FlvMuxer();
        var tags = new List<FlvTag>();
        var first = true;
        foreach (var unit in media.Units)
        {
            muxer.Mux(unit, media.Description, first, tags);
            first = false;
        }

        Assert.Equal(FlvTagType.Script, tags[0].Type);
        Assert.Equal(FlvTagType.Video, tags[1].Type);
        Assert.Equal(FlvTagType.Audio, tags[2].Type);
        var demuxer = new FlvDemuxer();
        var units = new List<MediaUnit>();
        foreach (var tag in tags)
        {
            if (demuxer.Demux(tag.Type, tag.Timestamp, tag.ToArray(), out var unit) == FlvDemuxResult.Unit) units.Add(unit!);
        }
        Assert.Equal(0, muxer.DroppedUnits);
        Assert.Equal(media.Units.Count, units.Count);
        var video = demuxer.Description!.Video!;
        Assert.Equal(media.Video.Codec, video.Codec);
        Assert.Equal(media.Video.Sps, video.Sps);
        Assert.Equal(media.Video.Pps, video.Pps);
        Assert.Equal(media.Video.Vps, video.Vps);
        Assert.Equal(640, video.Width);
        Assert.Equal(360, video.Height);
        var sourceVideo = media.Units.Where(u => u.TrackId == 0).ToList();
        var outVideo = units.Where(u => u.TrackId == 0).ToList();
        Assert.Equal(sourceVideo.Select(u => u.Dts), outVideo.Select(u => u.Dts));
        Assert.Equal(sourceVideo.Select(u => u.IsKeyframe), outVideo.Select(u => u.IsKeyframe));
        Assert.All(sourceVideo.Zip(outVideo), p => Assert.True(p.First.Payload.Span.SequenceEqual(p.Second.Payload.Span)));
    }
}
