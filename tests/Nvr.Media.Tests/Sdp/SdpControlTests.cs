using Nvr.Media.Sdp;

namespace Nvr.Media.Tests.Sdp;

public class SdpControlTests
{
    [Theory]
    // RFC 2326 C.1.1: "*" / absent → the base itself
    [InlineData("rtsp://cam/live/ch1", "*", "rtsp://cam/live/ch1")]
    [InlineData("rtsp://cam/live/ch1/", "*", "rtsp://cam/live/ch1/")]
    [InlineData("rtsp://cam/live/ch1", null, "rtsp://cam/live/ch1")]
    [InlineData("rtsp://cam/live/ch1", "  ", "rtsp://cam/live/ch1")]
    // relative, with and without trailing slash on the base
    [InlineData("rtsp://cam/live/ch1", "trackID=1", "rtsp://cam/live/ch1/trackID=1")]
    [InlineData("rtsp://cam/live/ch1/", "trackID=1", "rtsp://cam/live/ch1/trackID=1")]
    [InlineData("rtsp://cam:554/", "track1", "rtsp://cam:554/track1")]
    [InlineData("rtsp://cam:554", "track1", "rtsp://cam:554/track1")]
    // Dahua: Content-Base ends in "subtype=0/"
    [InlineData("rtsp://10.0.0.8:554/cam/realmonitor?channel=1&subtype=0/", "trackID=0", "rtsp://10.0.0.8:554/cam/realmonitor?channel=1&subtype=0/trackID=0")]
    // request URL with a query and no Content-Base: appended after the query like ffmpeg/live555
    [InlineData("rtsp://cam/live?token=abc", "track1", "rtsp://cam/live?token=abc/track1")]
    // absolute
    [InlineData("rtsp://cam/a/", "rtsp://other:8554/b/trackID=1?x=y", "rtsp://other:8554/b/trackID=1?x=y")]
    [InlineData("rtsp://cam/a/", "RTSP://CAM/B", "RTSP://CAM/B")]
    [InlineData("rtsps://cam/a/", "rtsps://cam/a/stream=0", "rtsps://cam/a/stream=0")]
    // absolute path
    [InlineData("rtsp://cam:554/live/ch1/", "/media/video1", "rtsp://cam:554/media/video1")]
    [InlineData("rtsp://[fe80::1]:554/live?x=1", "/v", "rtsp://[fe80::1]:554/v")]
    public void Resolve(string baseUrl, string? control, string expected)
        => Assert.Equal(expected, SdpControl.Resolve(baseUrl, control));

    [Fact]
    public void Media_without_control_uses_session_url()
    {
        var s = SdpParser.Parse("v=0\r\ns=x\r\na=control:rtsp://cam/agg\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"u8);
        Assert.Equal("rtsp://cam/agg", SdpControl.ResolveMedia("rtsp://cam/base/", s, s.Media[0]));
    }
}
