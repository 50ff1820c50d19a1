using System.Text;
using System.Threading.Channels;
using Nvr.Media;
using Nvr.Media.Rtp;
using Nvr.Rtsp.Client;
using Nvr.Rtsp.Tests.Support;

namespace Nvr.Rtsp.Tests.Client;

/// <summary>The client against a real RTSP server (GStreamer), over TCP and UDP.</summary>
public class GstRealPeerTests
{
    [Theory]
    [InlineData(RtspTransportMode.Tcp)]
    [InlineData(RtspTransportMode.Udp)]
    public async Task Receives_h264_rtp_from_gstreamer(RtspTransportMode transport)
    {
        await using var camera = await GstRtspCamera.StartAsync();
        var rtp = Channel.CreateUnbounded<(int Track, byte PayloadType, ushort Seq)>();
        void Handle(in RtspReceivedPacket p)
        {
            if (!p.IsRtcp && RtpPacket.TryParse(p.Data, out var packet)) rtp.Writer.TryWrite((p.TrackIndex, packet.PayloadType, packet.SequenceNumber));
        }
        await using var client = new RtspClient(new RtspClientOptions { Url = camera.Url, Transport = transport }, Handle);

        await client.StartAsync(CancellationToken.None);

        string sdp = Encoding.UTF8.GetString(client.SdpBytes.Span);
        Assert.Contains("H264/90000", sdp);
        Assert.Contains("sprop-parameter-sets=", sdp);
        var track = Assert.Single(client.Tracks);
        Assert.Equal(MediaCodec.H264, track.Description!.Codec);
        Assert.Equal(0x67, track.Description.Sps![0] & 0x7F);
        Assert.Equal(0x68, track.Description.Pps![0] & 0x7F);
        Assert.Equal(transport == RtspTransportMode.Tcp, track.Transport!.IsTcp);

        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            for (int i = 0; i < 10; i++)
            {
                var (t, pt, _) = await rtp.Reader.ReadAsync(deadline.Token);
                Assert.Equal(0, t);
                Assert.Equal(96, pt);
            }
        }
        Assert.True(client.Counters.RtpPackets >= 10);
        stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Digest_auth_against_gstreamer()
    {
        await using var camera = await GstRtspCamera.StartAsync("admin", "pa55 w0rd");
        int packets = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handle(in RtspReceivedPacket p)
        {
            if (!p.IsRtcp && ++packets == 1) first.TrySetResult();
        }
        var url = camera.Url.Replace("rtsp://", "rtsp://admin:pa55%20w0rd@");
        await using (var client = new RtspClient(new RtspClientOptions { Url = url }, Handle))
        {
            await client.StartAsync(CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var run = client.RunAsync(stop.Token);
            await first.Task.WaitAsync(TimeSpan.FromSeconds(5));
            stop.Cancel();
            await run;
        }

        await using var wrong = new RtspClient(new RtspClientOptions { Url = camera.Url.Replace("rtsp://", "rtsp://admin:nope@") }, (in RtspReceivedPacket _) => { });
        var e = await Assert.ThrowsAsync<RtspAuthException>(() => wrong.StartAsync(CancellationToken.None));
        Assert.Equal(401, e.StatusCode);
        Assert.DoesNotContain("nope", e.Message);
    }
}
