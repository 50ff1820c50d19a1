using System.Text;
using Nvr.Media.Sdp;

namespace Nvr.Media.Tests.Sdp;

public class SdpParserTests
{
    private const string Basic =
        "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=Test\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\na=recvonly\r\n" +
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0IAHpWoKA9k,aM48gA==\r\na=control:trackID=0\r\n" +
        "m=audio 0 RTP/AVP 0\r\na=control:trackID=1\r\na=x-unknown:something\r\na=sendonly\r\n";

    [Fact]
    public void Parses_session_and_media()
    {
        var s = SdpParser.Parse(Encoding.UTF8.GetBytes(Basic));
        Assert.Equal(0, s.Version);
        Assert.Equal("Test", s.SessionName);
        Assert.Equal("*", s.Control);
        Assert.Equal(2, s.Media.Count);
        var v = s.Media[0];
        Assert.True(v.IsVideo);
        Assert.Equal("RTP/AVP", v.Protocol);
        Assert.Equal(96, v.PayloadType);
        Assert.Equal("trackID=0", v.Control);
        Assert.Equal(SdpDirection.RecvOnly, v.Direction); // inherited from session level
        Assert.Equal(SdpDirection.SendOnly, s.Media[1].Direction);
        Assert.Equal("something", s.Media[1].GetAttribute("x-unknown"));
        Assert.Equal("PCMU", s.Media[1].RtpMap!.EncodingName); // static payload type 0
        Assert.Equal(0, s.IgnoredLines);
    }

    [Fact]
    public void Lf_only_equals_crlf()
    {
        var crlf = SdpParser.Parse(Encoding.UTF8.GetBytes(Basic));
        var lf = SdpParser.Parse(Encoding.UTF8.GetBytes(Basic.Replace("\r\n", "\n")));
        Assert.Equal(crlf.Media.Count, lf.Media.Count);
        Assert.Equal(crlf.Media[0].Fmtp!.ToString(), lf.Media[0].Fmtp!.ToString());
        Assert.Equal(crlf.Media[1].Control, lf.Media[1].Control);
    }

    [Fact]
    public void Missing_v_s_t_and_garbage_lines_are_tolerated()
    {
        var s = SdpParser.Parse("o=- 1 1 IN IP4 1.2.3.4\nthis is not sdp\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n\0\0"u8);
        Assert.Null(s.SessionName);
        Assert.Single(s.Media);
        Assert.Equal(1, s.IgnoredLines);
    }

    [Theory]
    [InlineData("v=1\r\n", "version")]
    [InlineData("v=0\r\nm=video\r\n", "m=")]
    [InlineData("v=0\r\nm=video x RTP/AVP 96\r\n", "m=")]
    [InlineData("v=0\r\nm=video 70000 RTP/AVP 96\r\n", "m=")]
    public void Rejects(string text, string reason)
    {
        Assert.False(SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out var s, out var error));
        Assert.Null(s);
        Assert.Contains(reason, error);
        Assert.Throws<SdpFormatException>(() => SdpParser.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Rejects_oversized_and_too_many_media()
    {
        var big = new byte[SdpParser.MaxSize + 1];
        big.AsSpan().Fill((byte)'a');
        Assert.False(SdpParser.TryParse(big, out _, out var e1));
        Assert.Contains("larger", e1);

        var many = "v=0\r\n" + string.Concat(Enumerable.Repeat("m=video 0 RTP/AVP 96\r\n", SdpParser.MaxMedia + 1));
        Assert.False(SdpParser.TryParse(Encoding.UTF8.GetBytes(many), out _, out var e2));
        Assert.Contains("media", e2);
        var exact = "v=0\r\n" + string.Concat(Enumerable.Repeat("m=video 0 RTP/AVP 96\r\n", SdpParser.MaxMedia));
        Assert.Equal(SdpParser.MaxMedia, SdpParser.Parse(Encoding.UTF8.GetBytes(exact)).Media.Count);
    }

    [Theory]
    [InlineData("96 H264/90000", 96, "H264", 90000, null)]
    [InlineData(" 96  H264/90000 ", 96, "H264", 90000, null)]
    [InlineData("96 H264 /90000", 96, "H264", 90000, null)]
    [InlineData("97 MPEG4-GENERIC/44100/2", 97, "MPEG4-GENERIC", 44100, 2)]
    [InlineData("0 pcmu/8000", 0, "pcmu", 8000, null)]
    public void Rtpmap(string value, int pt, string name, int rate, int? channels)
    {
        var m = SdpRtpMap.TryParse(value)!;
        Assert.Equal(new SdpRtpMap(pt, name, rate, channels), m);
    }

    [Theory]
    [InlineData("")]
    [InlineData("96")]
    [InlineData("128 H264/90000")]
    [InlineData("96 H264")]
    [InlineData("96 H264/0")]
    [InlineData("96 H264/90000/2/3")]
    [InlineData("x H264/90000")]
    public void Rtpmap_rejects(string value) => Assert.Null(SdpRtpMap.TryParse(value));

    [Fact]
    public void Fmtp_spaces_trailing_semicolon_and_padding()
    {
        var f = SdpFmtp.TryParse("96 packetization-mode=1; sprop-parameter-sets=Z0I=,aM4=;; profile-level-id=42001e;")!;
        Assert.Equal(96, f.PayloadType);
        Assert.Equal(3, f.Parameters.Count);
        Assert.Equal("Z0I=,aM4=", f["SPROP-PARAMETER-SETS"]);
        Assert.Equal(1, f.GetInt("packetization-mode"));
        Assert.Null(f["missing"]);
        Assert.Empty(SdpFmtp.TryParse("96")!.Parameters);
        Assert.Null(SdpFmtp.TryParse("x a=b"));
    }

    [Theory]
    [InlineData("IN IP4 224.2.1.1/127/3", "224.2.1.1", 127, 3, true)]
    [InlineData("IN IP4 239.6.6.6/255", "239.6.6.6", 255, 1, true)]
    [InlineData("IN IP4 0.0.0.0", "0.0.0.0", null, 1, false)]
    [InlineData("IN IP6 ff15::101/3", "ff15::101", null, 3, true)]
    [InlineData("IN IP4 cam.example", "cam.example", null, 1, false)]
    public void Connection(string value, string address, int? ttl, int count, bool multicast)
    {
        var c = SdpConnection.TryParse(value)!;
        Assert.Equal(address, c.Address);
        Assert.Equal(ttl, c.Ttl);
        Assert.Equal(count, c.AddressCount);
        Assert.Equal(multicast, c.IsMulticast);
    }

    [Theory]
    [InlineData("IN IP4")]
    [InlineData("IN IP4 1.2.3.4/999")]
    [InlineData("IN IP4 1.2.3.4/1/0")]
    [InlineData("IN IP4 1.2.3.4 extra")]
    public void Connection_rejects(string value) => Assert.Null(SdpConnection.TryParse(value));

    [Fact]
    public void H264_parameter_sets_classified_by_nal_type_and_bad_entries_skipped()
    {
        // PPS listed first, a broken entry in the middle.
        var f = SdpFmtp.TryParse("96 sprop-parameter-sets=aM48gA==,!!!,Z0IAHpWoKA9k")!;
        var p = H264FmtpParameters.Parse(f);
        Assert.Equal(0x67, p.Sps![0]);
        Assert.Equal(0x68, p.Pps![0]);
        Assert.Equal(0, p.PacketizationMode);
        Assert.Null(p.ProfileIdc);
    }

    [Fact]
    public void Aac_config_explicit_rate_and_bad_hex()
    {
        // AOT 2, frequency index 15 → explicit 24-bit rate 8000, 2 channels.
        // 00010 1111 000000000001111101000000 0010 → 00010111 10000000 00001111 10100000 00010000
        var asc = new byte[] { 0x17, 0x80, 0x0F, 0xA0, 0x10 };
        var (rate, ch) = SdpTrackMapper.AacRateChannels(asc);
        Assert.Equal(8000, rate);
        Assert.Equal(2, ch);
        var p = Mpeg4GenericParameters.Parse(SdpFmtp.TryParse("97 config=zz;sizelength=99")!);
        Assert.Null(p.Config);
        Assert.Equal(0, p.SizeLength);
    }
}
