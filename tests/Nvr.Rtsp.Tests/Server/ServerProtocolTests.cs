using System.Text;
using Nvr.Media;
using Nvr.Media.Sdp;
using Nvr.Rtsp.Server;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>Requests and answers of the server (RFC 2326 §10) over in-memory connections.</summary>
public sealed class ServerProtocolTests
{
    [Fact]
    public async Task Options_lists_the_methods_and_echoes_cseq()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        var r = await peer.RequestAsync("OPTIONS", "*");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER", r.Headers["Public"]);
        Assert.Equal("Nvr", r.Headers["Server"]);
    }

    [Fact]
    public async Task Describe_h264_aac_writes_parameter_sets_config_and_control_urls()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Accept", "application/sdp"));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("application/sdp", r.Headers["Content-Type"]);
        Assert.Equal("rtsp://127.0.0.1:8554/front/", r.Headers["Content-Base"]);
        var sdp = Encoding.UTF8.GetString(r.Body.Span);
        Assert.Contains("a=control:*\r\n", sdp);
        Assert.Contains("m=video 0 RTP/AVP 96\r\n", sdp);
        Assert.Contains("a=rtpmap:96 H264/90000\r\n", sdp);
        Assert.Contains($"sprop-parameter-sets={Convert.ToBase64String(ServerMedia.H264Sps)},{Convert.ToBase64String(ServerMedia.H264Pps)}", sdp);
        Assert.Contains("profile-level-id=64001F", sdp);
        Assert.Contains("a=control:trackID=0\r\n", sdp);
        Assert.Contains("m=audio 0 RTP/AVP 97\r\n", sdp);
        Assert.Contains("a=rtpmap:97 MPEG4-GENERIC/16000/1\r\n", sdp);
        Assert.Contains("mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408", sdp);
        Assert.Contains("a=control:trackID=1\r\n", sdp);

        // Our own SDP parser reads it back into the same tracks.
        var parsed = SdpParser.Parse(r.Body.Span);
        var video = SdpTrackMapper.ToTrackDescription(parsed.Media[0], 0)!;
        Assert.Equal(ServerMedia.H264Sps, video.Sps);
        Assert.Equal(ServerMedia.H264Pps, video.Pps);
        var audio = SdpTrackMapper.ToTrackDescription(parsed.Media[1], 1)!;
        Assert.Equal(new byte[] { 0x14, 0x08 }, audio.AudioSpecificConfig);
    }

    [Fact]
    public async Task Describe_h265_pcma_writes_vps_sps_pps_and_static_payload_type()
    {
        await using var h = new ServerHarness(description: new StreamDescription(0, [ServerMedia.H265(), ServerMedia.Pcma()]));
        var peer = h.Connect();
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url + "/");
        Assert.Equal(200, r.StatusCode);
        var sdp = Encoding.UTF8.GetString(r.Body.Span);
        Assert.Contains("a=rtpmap:96 H265/90000\r\n", sdp);
        Assert.Contains($"sprop-vps={Convert.ToBase64String(ServerMedia.H265Vps)};sprop-sps={Convert.ToBase64String(ServerMedia.H265Sps)};sprop-pps={Convert.ToBase64String(ServerMedia.H265Pps)}", sdp);
        Assert.Contains("m=audio 0 RTP/AVP 8\r\n", sdp);
        Assert.Contains("a=rtpmap:8 PCMA/8000\r\n", sdp);
    }

    [Theory]
    [InlineData("rtsp://127.0.0.1:8554/nosuchcamera", 404)]
    [InlineData("rtsp://127.0.0.1:8554/front/sub", 404)]
    [InlineData("rtsp://127.0.0.1:8554/front/../../etc/passwd", 400)]
    [InlineData("rtsp://127.0.0.1:8554/%2e%2e/front", 400)]
    [InlineData("rtsp://127.0.0.1:8554/front%2F..%2F..%2Fx", 400)]
    [InlineData("rtsp://127.0.0.1:8554/fr%00ont", 400)]
    [InlineData("rtsp://127.0.0.1:8554/a//b", 400)]
    [InlineData("rtsp://127.0.0.1:8554/front/trackID=x", 400)]
    [InlineData("http://127.0.0.1:8554/front", 400)]
    [InlineData("front", 400)]
    [InlineData("/front", 200)]
    [InlineData("rtsp://camera.example:8554/front?token=1", 200)]
    public async Task Describe_answers_by_path(string uri, int status)
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        Assert.Equal(status, (await peer.RequestAsync("DESCRIBE", uri)).StatusCode);
    }

    [Fact]
    public async Task Other_versions_get_505_and_missing_cseq_400_and_the_connection_stays_usable()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        await peer.SendRawAsync("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n");
        var r = await peer.ReadResponseAsync();
        Assert.Equal(505, r.StatusCode);
        Assert.Equal("1", r.Headers["CSeq"]);
        await peer.SendRawAsync("OPTIONS * RTSP/1.0\r\nUser-Agent: x\r\n\r\n");
        r = await peer.ReadResponseAsync();
        Assert.Equal(400, r.StatusCode);
        Assert.Null(r.Headers["CSeq"]);
        Assert.Equal(200, (await peer.RequestAsync("OPTIONS", "*")).StatusCode);
    }

    [Theory]
    [InlineData("FOO", 501)]
    [InlineData("ANNOUNCE", 405)]
    [InlineData("RECORD", 405)]
    public async Task Unsupported_methods(string method, int status)
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        Assert.Equal(status, (await peer.RequestAsync(method, ServerHarness.Url)).StatusCode);
    }

    [Fact]
    public async Task Require_with_an_unknown_option_is_551()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Require", "com.example.magic"));
        Assert.Equal(551, r.StatusCode);
        Assert.Equal("com.example.magic", r.Headers["Unsupported"]);
    }

    [Fact]
    public async Task Unparseable_request_is_answered_400_and_the_connection_closed()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        await peer.SendRawAsync("\u0001\u0002junk\r\n\r\n");
        Assert.Equal(400, (await peer.ReadResponseAsync()).StatusCode);
        await peer.Serving.WaitAsync(TestRtspPeer.Deadline);
        Assert.Equal(1, h.Server.GetStatistics().MalformedRequests);
    }

    [Fact]
    public async Task Oversized_request_line_is_414_and_oversized_headers_400()
    {
        await using var h = new ServerHarness();
        var a = h.Connect();
        await a.SendRawAsync("DESCRIBE rtsp://127.0.0.1/" + new string('a', 3000) + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        Assert.Equal(414, (await a.ReadResponseAsync()).StatusCode);
        await a.Serving.WaitAsync(TestRtspPeer.Deadline);
        var b = h.Connect();
        await b.SendRawAsync("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Big: " + new string('b', 9000) + "\r\n\r\n");
        Assert.Equal(400, (await b.ReadResponseAsync()).StatusCode);
        await b.Serving.WaitAsync(TestRtspPeer.Deadline);
    }

    [Fact]
    public async Task Half_open_request_is_dropped_after_the_request_timeout()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect();
        await peer.SendRawAsync("DESCRIBE rtsp://127.0.0.1:8554/front RTSP/1.0\r\nCSeq: 1\r\n"); // no blank line
        var took = await h.AdvanceUntilAsync(() => peer.Serving.IsCompleted, "the server to drop the half-open request");
        Assert.True(took > TimeSpan.FromSeconds(10), $"dropped after {took}");
        await peer.Closed.WaitAsync(TestRtspPeer.Deadline);
    }

    [Fact]
    public async Task Describe_waits_for_a_camera_that_is_not_online_then_503()
    {
        await using var h = new ServerHarness(online: false);
        var peer = h.Connect();
        var describe = peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        // Let the request reach the wait, then run the describe deadline out.
        await ServerHarness.WaitUntilAsync(() => h.Feed.ReaderCount == 1, "DESCRIBE to wait on the feed");
        h.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(503, (await describe).StatusCode);
    }

    [Fact]
    public async Task Describe_of_a_camera_coming_online_succeeds_with_its_description()
    {
        await using var h = new ServerHarness(online: false);
        var peer = h.Connect();
        var describe = peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        await ServerHarness.WaitUntilAsync(() => h.Feed.ReaderCount == 1, "DESCRIBE to wait on the feed");
        Assert.True(h.Feed.SetDescription(ServerMedia.H264Aac()));
        ServerMedia.Publish(h.Feed, 0, 1);
        var r = await describe;
        Assert.Equal(200, r.StatusCode);
        Assert.Contains("H264/90000", Encoding.UTF8.GetString(r.Body.Span));
    }

    [Fact]
    public async Task Mjpeg_only_media_is_415()
    {
        var mjpeg = new TrackDescription { Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.Mjpeg, ClockRate = 90000 };
        await using var h = new ServerHarness(description: new StreamDescription(0, [mjpeg]));
        var peer = h.Connect();
        Assert.Equal(415, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url)).StatusCode);
    }
}
