using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Tests.Headers;

public class HeaderTests
{
    [Fact]
    public void Transport_tcp_reply()
    {
        var t = RtspTransport.ParseList("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=60D7A2C3;mode=\"PLAY\"").Single();
        Assert.True(t.IsTcp);
        Assert.False(t.IsMulticast);
        Assert.Equal(new RtspPortRange(0, 1), t.Interleaved);
        Assert.Equal(0x60D7A2C3u, t.Ssrc);
        Assert.Equal("PLAY", t.Mode);
        Assert.Equal("RTP/AVP", t.Profile);
    }

    [Fact]
    public void Transport_udp_reply_with_source_and_short_ssrc()
    {
        var t = RtspTransport.ParseList("RTP/AVP;unicast;destination=192.168.1.10;source=192.168.1.64;client_port=50000-50001;server_port=8218-8219;ssrc=1a2b;mode=play").Single();
        Assert.False(t.IsTcp);
        Assert.Equal("192.168.1.64", t.Source);
        Assert.Equal("192.168.1.10", t.Destination);
        Assert.Equal(new RtspPortRange(50000, 50001), t.ClientPort);
        Assert.Equal(new RtspPortRange(8218, 8219), t.ServerPort);
        Assert.Equal(0x1A2Bu, t.Ssrc);
    }

    [Fact]
    public void Transport_multicast_and_list()
    {
        var list = RtspTransport.ParseList("RTP/AVP;multicast;destination=239.6.6.6;port=8860-8861;ttl=127, RTP/AVP/TCP;unicast;interleaved=2-3");
        Assert.Equal(2, list.Count);
        Assert.True(list[0].IsMulticast);
        Assert.Equal(127, list[0].Ttl);
        Assert.Equal(new RtspPortRange(8860, 8861), list[0].Port);
        Assert.True(list[1].IsTcp);
    }

    [Theory]
    // Escam Q6: TCP answer without /TCP
    [InlineData("RTP/AVP;unicast;destination=192.168.1.111;source=192.168.1.222;interleaved=0-1", true, 0, 1)]
    // single channel number
    [InlineData("RTP/AVP/TCP;unicast;interleaved=4", true, 4, 5)]
    [InlineData("rtp/avp/tcp;UNICAST;Interleaved=2-3", true, 2, 3)]
    public void Transport_tolerances(string header, bool tcp, int first, int second)
    {
        var t = RtspTransport.ParseList(header).Single();
        Assert.Equal(tcp, t.IsTcp);
        Assert.Equal(new RtspPortRange(first, second), t.Interleaved);
    }

    [Fact]
    public void Transport_formats()
    {
        var t = new RtspTransport { IsTcp = true, Interleaved = new RtspPortRange(0, 1), Ssrc = 0xAB };
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000000AB", t.ToString());
        var u = new RtspTransport { ClientPort = new RtspPortRange(5000, 5001), ServerPort = new RtspPortRange(6000, 6001) };
        Assert.Equal("RTP/AVP;unicast;client_port=5000-5001;server_port=6000-6001", u.ToString());
        Assert.Empty(RtspTransport.ParseList(";;"));
        Assert.Null(RtspTransport.ParseList("RTP/AVP;client_port=99999-1").Single().ClientPort);
    }

    [Theory]
    [InlineData("12345678;timeout=60", "12345678", 60)]
    [InlineData("12345678", "12345678", null)]
    [InlineData(" 1234 ; timeout = 30 ", "1234", 30)]
    [InlineData("ABCD;Timeout=5;other=1", "ABCD", 5)]
    public void Session(string value, string id, int? timeout)
    {
        Assert.True(RtspSessionHeader.TryParse(value, out var s));
        Assert.Equal(id, s.Id);
        Assert.Equal(timeout, s.TimeoutSeconds);
        Assert.Equal(timeout ?? 60, s.EffectiveTimeoutSeconds);
    }

    [Fact]
    public void Session_rejects_empty() => Assert.False(RtspSessionHeader.TryParse(" ;timeout=1", out _));

    [Fact]
    public void RtpInfo_with_query_urls()
    {
        var list = RtpInfoEntry.ParseList("url=rtsp://cam/cam/realmonitor?channel=1&subtype=0/trackID=0;seq=8123;rtptime=3349480320, url=rtsp://cam/x,y/trackID=1;seq=1;rtptime=2");
        Assert.Equal(2, list.Count);
        Assert.Equal("rtsp://cam/cam/realmonitor?channel=1&subtype=0/trackID=0", list[0].Url);
        Assert.Equal((ushort)8123, list[0].Sequence);
        Assert.Equal(3349480320u, list[0].RtpTime);
        Assert.Equal("rtsp://cam/x,y/trackID=1", list[1].Url);
        Assert.Equal("url=rtsp://cam/x,y/trackID=1;seq=1;rtptime=2", list[1].ToString());
        var noSeq = RtpInfoEntry.ParseList("url=trackID=1;rtptime=bad").Single();
        Assert.Equal("trackID=1", noSeq.Url);
        Assert.Null(noSeq.RtpTime);
    }

    [Theory]
    [InlineData("npt=0-", 0.0, null, false)]
    [InlineData("npt=now-", null, null, true)]
    [InlineData("npt=10.5-20", 10.5, 20.0, false)]
    [InlineData("npt=1:02:03.5-", 3723.5, null, false)]
    [InlineData("npt=0.000-;time=19970123T143720Z", 0.0, null, false)]
    public void Range_npt(string value, double? start, double? end, bool now)
    {
        Assert.True(RtspRange.TryParse(value, out var r));
        Assert.Equal(RtspRangeUnit.Npt, r.Unit);
        Assert.Equal(start, r.NptStart);
        Assert.Equal(end, r.NptEnd);
        Assert.Equal(now, r.IsNow);
    }

    [Fact]
    public void Range_clock_and_format()
    {
        Assert.True(RtspRange.TryParse("clock=19961108T142300Z-19961108T143520.25Z", out var r));
        Assert.Equal(new DateTime(1996, 11, 8, 14, 23, 0, DateTimeKind.Utc), r.ClockStart);
        Assert.Equal(new DateTime(1996, 11, 8, 14, 35, 20, 250, DateTimeKind.Utc), r.ClockEnd);
        Assert.Equal("clock=19961108T142300Z-19961108T143520.25Z", r.ToString());
        Assert.Equal("npt=0.000-", RtspRange.Npt(0).ToString());
        Assert.Equal(DateTimeKind.Utc, r.ClockStart!.Value.Kind);
    }

    [Theory]
    [InlineData("smpte=10:07:00-10:07:33:05.01")]
    [InlineData("npt=-")]
    [InlineData("npt=abc-")]
    [InlineData("clock=1996-")]
    [InlineData("npt")]
    public void Range_rejects(string value) => Assert.False(RtspRange.TryParse(value, out _));

    [Fact]
    public void Public_methods()
    {
        var set = RtspPublicHeader.Parse("OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, set_parameter");
        Assert.Contains("GET_PARAMETER", set);
        Assert.Contains("SET_PARAMETER", set);
        Assert.Equal(8, set.Count);
        Assert.Empty(RtspPublicHeader.Parse(null));
    }

    [Fact]
    public void WwwAuthenticate_multiple_challenges_in_one_and_many_headers()
    {
        var list = RtspAuthChallenge.ParseAll([
            "Digest realm=\"Login to 4M01ABCPAG00000\", nonce=\"a1b2c3\", qop=\"auth, auth-int\", algorithm=MD5, opaque=\"5ccc\", stale=FALSE, Basic realm=\"Login to 4M01ABCPAG00000\"",
            "Digest realm=\"r2\" nonce=\"n2\" stale=\"TRUE\"",
        ]);
        Assert.Equal(3, list.Count);
        var d = list[0];
        Assert.True(d.IsDigest);
        Assert.Equal("Login to 4M01ABCPAG00000", d.Realm);
        Assert.Equal("a1b2c3", d.Nonce);
        Assert.Equal(["auth", "auth-int"], d.Qop);
        Assert.Equal("MD5", d.Algorithm);
        Assert.Equal("5ccc", d.Opaque);
        Assert.False(d.Stale);
        Assert.True(list[1].IsBasic);
        Assert.Equal("Login to 4M01ABCPAG00000", list[1].Realm);
        Assert.Equal("n2", list[2].Nonce);   // missing commas
        Assert.True(list[2].Stale);          // quoted upper-case
    }

    [Fact]
    public void Authorization_quoted_escapes()
    {
        Assert.True(RtspAuthorization.TryParse("Digest username=\"a\\\"b\", realm=\"r\", uri=\"rtsp://x/?a=1,b=2\", nc=00000001", out var a));
        Assert.Equal("a\"b", a.UserName);
        Assert.Equal("rtsp://x/?a=1,b=2", a.Uri);
        Assert.Equal("00000001", a.NonceCount);
        Assert.Contains("stale=TRUE", RtspAuthChallenge.FormatDigest("r", "n", "MD5", "auth", null, stale: true));
    }

    [Theory]
    [InlineData("rtsp://admin:12345@192.168.1.64:554/Streaming/Channels/101", "admin", "12345", "192.168.1.64", 554, "/Streaming/Channels/101", "rtsp://192.168.1.64:554/Streaming/Channels/101")]
    [InlineData("rtsp://admin:p@ss:w0rd@cam.local/live", "admin", "p@ss:w0rd", "cam.local", 554, "/live", "rtsp://cam.local/live")]
    [InlineData("rtsp://us%40er:pa%2Fss@[fe80::1]:8554/a?b=c", "us@er", "pa/ss", "fe80::1", 8554, "/a?b=c", "rtsp://[fe80::1]:8554/a?b=c")]
    [InlineData("RTSP://10.0.0.1:8554", null, null, "10.0.0.1", 8554, "", "rtsp://10.0.0.1:8554")]
    [InlineData("rtsp://cam:554", null, null, "cam", 554, "", "rtsp://cam:554")]
    [InlineData("rtsp://10.0.0.1/cam/realmonitor?channel=1&subtype=0", null, null, "10.0.0.1", 554, "/cam/realmonitor?channel=1&subtype=0", "rtsp://10.0.0.1/cam/realmonitor?channel=1&subtype=0")]
    public void Url(string url, string? user, string? pass, string host, int port, string path, string clean)
    {
        var u = RtspUrl.Parse(url);
        Assert.Equal(user, u.UserName);
        Assert.Equal(pass, u.Password);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
        Assert.Equal(path, u.PathAndQuery);
        Assert.Equal(clean, u.ToString());
        if (pass is not null) Assert.DoesNotContain(pass, RtspUrl.Redact(url));
    }

    [Theory]
    [InlineData("http://cam/")]
    [InlineData("rtsp://")]
    [InlineData("rtsp://cam:99999/")]
    [InlineData("rtsp://[::1/")]
    public void Url_rejects(string url) => Assert.False(RtspUrl.TryParse(url, out _));
}
