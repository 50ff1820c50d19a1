using System.Buffers;
using System.Text;
using Nvr.Media.Sdp;

namespace Nvr.Media.Tests.Sdp;

public class SdpWriterTests
{
    private static readonly byte[] Sps = Convert.FromBase64String("Z2QAKKzZQHgCJ+XAWoCAgKAAAAMAIAAABlHjBjLA");
    private static readonly byte[] Pps = Convert.FromBase64String("aOvssiw=");

    [Fact]
    public void Round_trips_h264_aac_pcma()
    {
        TrackDescription[] tracks =
        [
            new() { Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = Sps, Pps = Pps },
            new() { Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 44100, SampleRate = 44100, Channels = 2, AudioSpecificConfig = [0x12, 0x10] },
            new() { Id = 2, Kind = TrackKind.Audio, Codec = MediaCodec.Pcma, ClockRate = 8000, SampleRate = 8000, Channels = 1 },
        ];
        var w = new ArrayBufferWriter<byte>();
        SdpWriter.Write(w, tracks, new SdpWriterOptions { SessionName = "cam1", OriginAddress = "192.0.2.10", SessionId = 42 });
        var text = Encoding.UTF8.GetString(w.WrittenSpan);
        Assert.StartsWith("v=0\r\no=- 42 0 IN IP4 192.0.2.10\r\ns=cam1\r\n", text);
        Assert.Contains("a=fmtp:96 packetization-mode=1;profile-level-id=640028;sprop-parameter-sets=Z2QAKKzZQHgCJ+XAWoCAgKAAAAMAIAAABlHjBjLA,aOvssiw=\r\n", text);
        Assert.Contains("a=rtpmap:97 MPEG4-GENERIC/44100/2\r\n", text);
        Assert.Contains("config=1210", text);
        Assert.Contains("m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=control:trackID=2\r\n", text);
        Assert.EndsWith("\r\n", text);

        var s = SdpParser.Parse(w.WrittenSpan);
        Assert.Equal("*", s.Control);
        Assert.Equal(3, s.Media.Count);
        for (int i = 0; i < tracks.Length; i++)
        {
            var back = SdpTrackMapper.ToTrackDescription(s.Media[i], tracks[i].Id)!;
            Assert.Equal(tracks[i].Codec, back.Codec);
            Assert.Equal(tracks[i].ClockRate, back.ClockRate);
            Assert.Equal(tracks[i].Sps, back.Sps);
            Assert.Equal(tracks[i].Pps, back.Pps);
            Assert.Equal(tracks[i].AudioSpecificConfig, back.AudioSpecificConfig);
            Assert.Equal(tracks[i].Kind, back.Kind);
            if (tracks[i].Kind == TrackKind.Audio) Assert.Equal(tracks[i].Channels, back.Channels);
            Assert.Equal("rtsp://h/x/trackID=" + i, SdpControl.ResolveMedia("rtsp://h/x/", s, s.Media[i]));
        }
        Assert.Equal(100, SdpTrackMapper.ToTrackDescription(s.Media[0], 0)!.Profile);
    }

    [Fact]
    public void Round_trips_h265_and_mjpeg()
    {
        var vps = Convert.FromBase64String("QAEMAf//BAgAAAMAmAgAAAMAAJaVmAk=");
        var sps = Convert.FromBase64String("QgEBBAgAAAMAmAgAAAMAAJaQACgEALQilLKzSSZX/4AAgAC1AQEBBAAAAwAEAAADAHgg");
        var pps = Convert.FromBase64String("RAHBcrRiQA==");
        TrackDescription[] tracks =
        [
            new() { Id = 5, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000, Vps = vps, Sps = sps, Pps = pps },
            new() { Id = 6, Kind = TrackKind.Video, Codec = MediaCodec.Mjpeg, ClockRate = 90000 },
        ];
        var s = SdpParser.Parse(Encoding.UTF8.GetBytes(SdpWriter.ToText(tracks, new SdpWriterOptions { Range = null, Tool = null })));
        Assert.Null(s.Range);
        var h = SdpTrackMapper.ToTrackDescription(s.Media[0], 5)!;
        Assert.Equal(vps, h.Vps);
        Assert.Equal(sps, h.Sps);
        Assert.Equal(pps, h.Pps);
        Assert.Equal(26, s.Media[1].PayloadType);
        Assert.Equal(MediaCodec.Mjpeg, SdpTrackMapper.CodecOf(s.Media[1]));
        Assert.Equal("trackID=6", s.Media[1].Control);
    }

    [Fact]
    public void Unknown_codec_throws()
    {
        TrackDescription[] tracks = [new() { Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.Unknown, ClockRate = 90000 }];
        Assert.Throws<ArgumentException>(() => SdpWriter.ToText(tracks));
    }
}
