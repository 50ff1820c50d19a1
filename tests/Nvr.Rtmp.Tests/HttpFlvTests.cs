using System.Buffers;
using Nvr.Media;
using Nvr.Rtmp.Flv;
using Nvr.Rtmp.Tests.Support;
using Nvr.Streaming;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

/// <summary>HTTP-FLV read by ffprobe/ffmpeg over a real socket, and H.265 checked tag by tag.</summary>
public class HttpFlvTests
{
    private static async Task<(TestHttpFlvServer Server, ClipFeeder Feeder)> StartAsync(ClipMedia media)
    {
        var feed = new Feed("cam/main");
        var feeder = new ClipFeeder(feed, media);
        await WaitFor.ConditionAsync(() => feeder.Published > 0, TimeSpan.FromSeconds(10), "the feeder to start");
        return (new TestHttpFlvServer(name => name == "cam" ? feed : null), feeder);
    }

    [Fact]
    public async Task Ffprobe_and_ffmpeg_read_h264_and_aac()
    {
        var (server, feeder) = await StartAsync(await ClipSources.H264ViaFlvAsync());
        await using var _ = server;
        await using var __ = feeder;

        var probe = await Ffprobe.ProbeAsync(server.Url("cam"));
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);

        var count = await Ffmpeg.CountFramesAsync(server.Url("cam"), TimeSpan.FromSeconds(10), timeout: TimeSpan.FromSeconds(40));
        Assert.InRange(count.Video!.Frames, 250 - ClipSources.Gop, 250 + ClipSources.Gop);
        Assert.InRange(count.Audio!.Frames, 469 - 47, 469 + 47);

        var errors = await Ffmpeg.DecodeErrorsAsync(server.Url("cam"), TimeSpan.FromSeconds(4), timeout: TimeSpan.FromSeconds(30));
        Assert.True(errors.Length == 0, errors);
    }

    [Fact]
    public async Task H265_goes_out_as_enhanced_rtmp_hvc1_and_decodes()
    {
        var media = await ClipSources.ViaAnnexBAsync(CameraCodec.H265);
        var (server, feeder) = await StartAsync(media);
        await using var _ = server;
        await using var __ = feeder;

        // FFmpeg 5.1 and GStreamer 1.22 predate Enhanced RTMP: read the bytes, check the tags,
        // and have ffmpeg decode the HEVC they carry.
        using var http = new HttpClient();
        await using var body = await http.GetStreamAsync(server.Url("cam"));
        var flv = new MemoryStream();
        var buffer = new byte[65536];
        var units = new List<MediaUnit>();
        var demuxer = new FlvDemuxer();
        var offset = -1;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tags = new List<FlvTagRecord>();
        while (units.Count(u => u.TrackId == 0) < 60)
        {
            int n;
            try
            {
                n = await body.ReadAsync(buffer, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"stalled: {flv.Length} bytes, {tags.Count} tags, {units.Count} units, offset {offset}, "
                    + $"dropped {demuxer.DroppedUnits} malformed {demuxer.MalformedTags} unsupported {demuxer.UnsupportedTags}, outcomes {string.Join("; ", server.Outcomes)}");
            }
            Assert.NotEqual(0, n);
            flv.Write(buffer, 0, n);
            var data = flv.ToArray();
            if (offset < 0)
            {
                if (FlvReader.TryReadHeader(data, out var header, out offset) != FlvReadStatus.Ok) { offset = -1; continue; }
                Assert.True(header.HasVideo);
                Assert.True(header.HasAudio);
            }
            while (FlvReader.ReadTag(data, ref offset, out var tag) == FlvReadStatus.Ok)
            {
                tags.Add(tag);
                if (demuxer.Demux(tag.Type, tag.Timestamp, tag.Body, out var unit) == FlvDemuxResult.Unit) units.Add(unit!);
            }
        }

        Assert.Equal(FlvTagType.Script, tags[0].Type);
        var sequenceStart = tags.First(t => t.Type == FlvTagType.Video).Body.Span;
        Assert.Equal(0x90, sequenceStart[0]); // IsExHeader | FrameType key | PacketType SequenceStart
        Assert.Equal("hvc1"u8.ToArray(), sequenceStart.Slice(1, 4).ToArray());
        var video = demuxer.Description!.Video!;
        Assert.Equal(MediaCodec.H265, video.Codec);
        Assert.Equal(media.Video.Sps, video.Sps);
        Assert.Equal(media.Video.Vps, video.Vps);
        Assert.Equal(640, video.Width);
        var videoUnits = units.Where(u => u.TrackId == 0).ToList();
        Assert.True(videoUnits[0].IsKeyframe);

        using var dir = TempDirectory.Create("rtmp-hevc");
        var es = dir.File("out.hevc");
        await File.WriteAllBytesAsync(es, AnnexBFile.Build(video, videoUnits));
        var errors = await Ffmpeg.DecodeErrorsAsync(es);
        Assert.Equal("", errors);
        var count = await Ffmpeg.CountFramesAsync(es);
        Assert.Equal(videoUnits.Count, count.Video!.Frames);
    }

    [Fact]
    public async Task G711_is_left_out_for_browsers_but_carried_when_asked()
    {
        var media = await ClipSources.H264ViaFlvAsync();
        var pcma = new TrackDescription { Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Pcma, ClockRate = 8000, SampleRate = 8000, Channels = 1 };
        var description = new StreamDescription(1, [media.Video, pcma]);
        var units = new List<MediaUnit>();
        foreach (var u in media.Units.Where(u => u.TrackId == 0).Take(50))
        {
            units.Add(u);
            units.Add(new MediaUnit(1, u.Dts / 90 * 8, u.Dts / 90 * 8, true, new byte[320]));
        }

        foreach (var includeG711 in new[] { false, true })
        {
            var feed = new Feed("cam/main");
            using var reader = feed.OpenReader(new FeedReaderOptions { StartMode = FeedStartMode.Now });
            feed.SetDescription(description);
            foreach (var u in units) feed.Publish(u);
            feed.Complete();
            var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
            var options = new HttpFlvOptions { Muxer = new FlvMuxerOptions { IncludeG711 = includeG711 } };
            await new HttpFlvSession(reader, pipe.Writer, options).RunAsync(CancellationToken.None);
            await pipe.Writer.CompleteAsync();
            var bytes = (await pipe.Reader.ReadAtLeastAsync(int.MaxValue / 2)).Buffer.ToArray();

            Assert.Equal(FlvReadStatus.Ok, FlvReader.TryReadHeader(bytes, out var header, out var offset));
            Assert.Equal(includeG711, header.HasAudio);
            var audioTags = new List<FlvTagRecord>();
            while (FlvReader.ReadTag(bytes, ref offset, out var tag) == FlvReadStatus.Ok)
            {
                if (tag.Type == FlvTagType.Audio) audioTags.Add(tag);
            }
            Assert.Equal(includeG711 ? 50 : 0, audioTags.Count);
            if (includeG711) Assert.All(audioTags, t => Assert.Equal(0x72, t.Body.Span[0])); // A-law, 16-bit, mono
        }
        Assert.False(FlvMuxer.IsBrowserPlayable(MediaCodec.Pcma));
        Assert.True(FlvMuxer.CanCarry(MediaCodec.Pcma));
    }
}
