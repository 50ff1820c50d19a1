using System.Net;
using System.Threading.Channels;
using Nvr.Media;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Client;
using Nvr.Rtsp.Tests.Support;

namespace Nvr.Rtsp.Tests.Client;

public class RtspClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed class Collector
    {
        public Channel<(int Track, bool Rtcp, byte[] Data)> Packets { get; } = Channel.CreateUnbounded<(int, bool, byte[])>();
        public void Handle(in RtspReceivedPacket p) => Packets.Writer.TryWrite((p.TrackIndex, p.IsRtcp, p.Data.ToArray()));

        public async Task<(int Track, bool Rtcp, byte[] Data)> NextAsync()
        {
            using var cts = new CancellationTokenSource(Deadline);
            return await Packets.Reader.ReadAsync(cts.Token);
        }
    }

    private static RtspClientOptions Options(FakeRtspServer server, string url = "rtsp://cam/Streaming/Channels/101") => new()
    {
        Url = url,
        ConnectionFactory = server,
    };

    [Fact]
    public async Task Tcp_session_sets_up_tracks_delivers_interleaved_packets_and_tears_down_on_cancel()
    {
        var camera = new ScriptedCamera();
        await using var server = new FakeRtspServer(camera.Handle);
        var packets = new Collector();
        await using var client = new RtspClient(Options(server), packets.Handle);

        await client.StartAsync(CancellationToken.None);

        Assert.Equal(["OPTIONS", "DESCRIBE", "SETUP", "SETUP", "PLAY"], server.Requests.Select(r => r.Method));
        var setups = server.Requests.Where(r => r.Method == "SETUP").ToArray();
        Assert.Equal("rtsp://cam/Streaming/Channels/101/trackID=1", setups[0].Uri);
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1", setups[0].Headers["Transport"]);
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=2-3", setups[1].Headers["Transport"]);
        Assert.Null(setups[0].Headers["Session"]);
        Assert.Equal("SESS1", setups[1].Headers["Session"]);
        var play = server.Requests.Last();
        Assert.Equal("rtsp://cam/Streaming/Channels/101/", play.Uri);
        Assert.Equal("npt=0.000-", play.Headers["Range"]);
        Assert.Equal("application/sdp", server.Requests.ElementAt(1).Headers["Accept"]);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => i.ToString()), server.Requests.Select(r => r.Headers["CSeq"]));

        // SDP and tracks exposed; the ONVIF metadata section is not set up.
        Assert.Equal(3, client.Sdp!.Media.Count);
        Assert.Equal(2, client.Tracks.Count);
        Assert.Equal(MediaCodec.H264, client.Tracks[0].Description!.Codec);
        Assert.NotNull(client.Tracks[0].Description!.Sps);
        Assert.Equal(MediaCodec.Pcma, client.Tracks[1].Description!.Codec);
        Assert.Equal(8000, client.Tracks[1].ClockRate);
        Assert.Equal((ushort)100, client.Tracks[0].RtpInfo!.Sequence);
        Assert.Equal(160u, client.Tracks[1].RtpInfo!.RtpTime);
        Assert.Equal(0x1234ABCDu, client.Tracks[0].Transport!.Ssrc);
        Assert.Equal(60, client.Session!.TimeoutSeconds);
        Assert.Contains("GET_PARAMETER", client.ServerMethods);

        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        var conn = server.Connections.Single();
        await FakeRtspServer.SendInterleavedAsync(conn, 9, [1, 2, 3]);          // unknown channel: dropped
        await FakeRtspServer.SendInterleavedAsync(conn, 0, [0x80, 96, 0, 1]);
        await FakeRtspServer.SendInterleavedAsync(conn, 1, [0x81, 200, 0, 6]);
        await FakeRtspServer.SendInterleavedAsync(conn, 2, [0x80, 8, 0, 9]);

        var p1 = await packets.NextAsync();
        var p2 = await packets.NextAsync();
        var p3 = await packets.NextAsync();
        Assert.Equal((0, false), (p1.Track, p1.Rtcp));
        Assert.Equal(new byte[] { 0x80, 96, 0, 1 }, p1.Data);
        Assert.Equal((0, true), (p2.Track, p2.Rtcp));
        Assert.Equal(new byte[] { 0x81, 200, 0, 6 }, p2.Data);
        Assert.Equal((1, false), (p3.Track, p3.Rtcp));
        Assert.Equal(new byte[] { 0x80, 8, 0, 9 }, p3.Data);
        Assert.Equal(1, client.Counters.UnknownChannelFrames);
        Assert.Equal(2, client.Counters.RtpPackets);
        Assert.Equal(1, client.Counters.RtcpPackets);

        // RTCP receiver report back on the track's RTCP channel.
        await client.SendRtcpAsync(1, new byte[] { 0x81, 201, 0, 1, 0, 0, 0, 1 }, CancellationToken.None);
        using (var cts = new CancellationTokenSource(Deadline))
        {
            var (channel, data) = await server.ClientFrames.Reader.ReadAsync(cts.Token);
            Assert.Equal(3, channel);
            Assert.Equal(201, data[1]);
        }

        // The camera asks us something: we answer with its CSeq.
        var ask = new RtspRequest("OPTIONS", "*");
        ask.Headers.Add("CSeq", "77");
        await FakeRtspServer.SendAsync(conn, ask);
        using (var cts = new CancellationTokenSource(Deadline))
        {
            var answer = await server.ClientResponses.Reader.ReadAsync(cts.Token);
            Assert.Equal(200, answer.StatusCode);
            Assert.Equal(77, answer.CSeq);
        }

        stop.Cancel();
        await run; // returns normally on cancellation
        var teardown = await server.WaitForAsync("TEARDOWN");
        Assert.Equal("rtsp://cam/Streaming/Channels/101/", teardown.Uri);
        Assert.Equal("SESS1", teardown.Headers["Session"]);
        Assert.True(conn.Disposed);
    }

    [Fact]
    public async Task Digest_401_then_200_with_url_credentials_never_sent_in_clear()
    {
        var camera = new ScriptedCamera { User = "admin", Password = "s3cr:et@1" };
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server, "rtsp://admin:s3cr:et@1@cam/Streaming/Channels/101"), (in RtspReceivedPacket _) => { });

        await client.StartAsync(CancellationToken.None);

        Assert.Equal(["OPTIONS:none", "OPTIONS:Valid", "DESCRIBE:Valid", "SETUP:Valid", "SETUP:Valid", "PLAY:Valid"], camera.AuthorizationResults);
        foreach (var r in server.Requests)
        {
            Assert.DoesNotContain("s3cr", r.Uri);
            Assert.DoesNotContain("s3cr", string.Join("\n", r.Headers.Select(h => h.Value)));
        }
        Assert.StartsWith("Digest username=\"admin\"", server.Requests.Last().Headers["Authorization"]);
    }

    [Fact]
    public async Task Stale_nonce_is_retried_without_counting_as_failure()
    {
        var camera = new ScriptedCamera { User = "admin", Password = "pw", RotateNonceTo = "nonce-2" };
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server) with { Credentials = new RtspCredentials("admin", "pw") }, (in RtspReceivedPacket _) => { });

        await client.ConnectAsync(CancellationToken.None);
        await client.DescribeAsync(CancellationToken.None);

        Assert.Equal(["OPTIONS:none", "OPTIONS:Rotated", "OPTIONS:Valid", "DESCRIBE:Valid"], camera.AuthorizationResults);
    }

    [Fact]
    public async Task Wrong_password_throws_auth_exception_with_status_line_and_without_password()
    {
        var camera = new ScriptedCamera { User = "admin", Password = "right" };
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server, "rtsp://admin:wrongpass@cam/live"), (in RtspReceivedPacket _) => { });

        var e = await Assert.ThrowsAsync<RtspAuthException>(() => client.StartAsync(CancellationToken.None));
        Assert.Equal(401, e.StatusCode);
        Assert.Equal("RTSP/1.0 401 Unauthorized", e.StatusLine);
        Assert.Equal("OPTIONS", e.Method);
        Assert.DoesNotContain("wrongpass", e.Message);
        Assert.Equal(["OPTIONS:none", "OPTIONS:Invalid"], camera.AuthorizationResults);
    }

    [Fact]
    public async Task Missing_credentials_throw_auth_exception()
    {
        var camera = new ScriptedCamera { User = "admin", Password = "x" };
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server), (in RtspReceivedPacket _) => { });
        var e = await Assert.ThrowsAsync<RtspAuthException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.Contains("none were given", e.Message);
    }

    [Fact]
    public async Task Describe_follows_301_to_another_server()
    {
        var camera = new ScriptedCamera { ContentBase = "rtsp://cam2:8554/real/" };
        await using var server = new FakeRtspServer((s, c, r) =>
            c.Host == "cam1" && r.Method == "DESCRIBE"
                ? new RtspResponse(301) { Headers = { } }.WithHeader("Location", "rtsp://cam2:8554/real")
                : camera.Handle(s, c, r));
        await using var client = new RtspClient(Options(server, "rtsp://cam1/live"), (in RtspReceivedPacket _) => { });

        await client.StartAsync(CancellationToken.None);

        var conns = server.Connections.ToArray();
        Assert.Equal(2, conns.Length);
        Assert.Equal(("cam1", 554), (conns[0].Host, conns[0].Port));
        Assert.Equal(("cam2", 8554), (conns[1].Host, conns[1].Port));
        Assert.True(conns[0].Disposed);
        Assert.Equal("rtsp://cam2:8554/real", client.Url);
        Assert.Equal("rtsp://cam2:8554/real/trackID=1", client.Tracks[0].ControlUrl);
    }

    [Fact]
    public async Task Redirect_loop_is_bounded()
    {
        await using var server = new FakeRtspServer((s, c, r) =>
            r.Method == "DESCRIBE" ? new RtspResponse(302).WithHeader("Location", "/again") : new RtspResponse(200));
        await using var client = new RtspClient(Options(server, "rtsp://cam/x") with { MaxRedirects = 2 }, (in RtspReceivedPacket _) => { });
        var e = await Assert.ThrowsAsync<RtspResponseException>(() => client.StartAsync(CancellationToken.None));
        Assert.Equal(302, e.StatusCode);
        Assert.Equal(3, server.Connections.Count);
    }

    [Fact]
    public async Task Error_status_throws_response_exception()
    {
        await using var server = new FakeRtspServer((s, c, r) => r.Method == "DESCRIBE" ? new RtspResponse(404) : new RtspResponse(200));
        await using var client = new RtspClient(Options(server, "rtsp://u:pw@cam/nothing"), (in RtspReceivedPacket _) => { });
        var e = await Assert.ThrowsAsync<RtspResponseException>(() => client.StartAsync(CancellationToken.None));
        Assert.Equal(404, e.StatusCode);
        Assert.Equal("DESCRIBE", e.Method);
        Assert.Contains("rtsp://cam/nothing", e.Message);
    }

    [Theory]
    [InlineData("OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER", "GET_PARAMETER")]
    [InlineData("OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN", "OPTIONS")]
    public async Task Keepalive_at_half_the_session_timeout(string publicMethods, string expected)
    {
        var time = new SignallingTimeProvider();
        var camera = new ScriptedCamera { SessionTimeout = 30, Public = publicMethods };
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server) with { TimeProvider = time }, (in RtspReceivedPacket _) => { });
        await client.StartAsync(CancellationToken.None);
        int before = server.Requests.Count;
        while (server.Received.Reader.TryRead(out _)) { }

        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(15));
        time.Fake.Advance(TimeSpan.FromSeconds(15));
        var keepalive = await server.WaitForAsync(expected);
        Assert.Equal("SESS1", keepalive.Headers["Session"]);
        Assert.Equal("rtsp://cam/Streaming/Channels/101/", keepalive.Uri);
        Assert.Equal(before + 1, server.Requests.Count);

        // and again after the next interval
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(15));
        time.Fake.Advance(TimeSpan.FromSeconds(15));
        await server.WaitForAsync(expected);
        Assert.Equal(2, client.Counters.KeepalivesSent);
        Assert.Equal(0, client.Counters.KeepaliveFailures);

        stop.Cancel();
        await run;
        await server.WaitForAsync("TEARDOWN");
    }

    [Fact]
    public async Task Request_without_answer_times_out()
    {
        var time = new SignallingTimeProvider();
        await using var server = new FakeRtspServer((s, c, r) => r.Method == "DESCRIBE" ? null : new RtspResponse(200));
        await using var client = new RtspClient(Options(server, "rtsp://u:topsecret@cam/x") with { TimeProvider = time }, (in RtspReceivedPacket _) => { });
        await client.ConnectAsync(CancellationToken.None);
        var describe = client.DescribeAsync(CancellationToken.None);
        await server.WaitForAsync("DESCRIBE");
        time.Fake.Advance(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<RtspTimeoutException>(() => describe);
        Assert.Equal("DESCRIBE", e.Operation);
        Assert.DoesNotContain("topsecret", e.Message);
    }

    [Fact]
    public async Task Udp_unicast_binds_pairs_filters_foreign_sources_and_sends_rtcp_to_server_port()
    {
        var udp = new FakeUdpFactory();
        var camera = new ScriptedCamera();
        await using var server = new FakeRtspServer(camera.Handle) { Remote = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 554) };
        var packets = new Collector();
        await using var client = new RtspClient(Options(server) with { Transport = RtspTransportMode.Udp, UdpSocketFactory = udp }, packets.Handle);
        await client.StartAsync(CancellationToken.None);

        var setups = server.Requests.Where(r => r.Method == "SETUP").ToArray();
        Assert.Equal("RTP/AVP;unicast;client_port=50000-50001", setups[0].Headers["Transport"]);
        Assert.Equal("RTP/AVP;unicast;client_port=50002-50003", setups[1].Headers["Transport"]);

        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        var camAddr = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 6970);
        udp.Port(50002).Incoming.Writer.TryWrite(([0x80, 8, 0, 1], new IPEndPoint(IPAddress.Parse("192.0.2.99"), 6970)));
        udp.Port(50002).Incoming.Writer.TryWrite(([0x80, 8, 0, 2], camAddr));
        udp.Port(50001).Incoming.Writer.TryWrite(([0x80, 200, 0, 6], camAddr));
        var got = new[] { await packets.NextAsync(), await packets.NextAsync() }.OrderBy(p => p.Track).ToArray();
        Assert.Equal((0, true), (got[0].Track, got[0].Rtcp));
        Assert.Equal((1, false), (got[1].Track, got[1].Rtcp));
        Assert.Equal(new byte[] { 0x80, 8, 0, 2 }, got[1].Data);
        Assert.Equal(1, client.Counters.ForeignDatagrams);

        await client.SendRtcpAsync(0, new byte[] { 0x81, 201, 0, 1, 0, 0, 0, 1 }, CancellationToken.None);
        Assert.True(udp.Port(50001).Sent.Reader.TryRead(out var sent));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 6971), sent.To);

        stop.Cancel();
        await run;
        await server.WaitForAsync("TEARDOWN");
        await client.DisposeAsync();
        Assert.All(udp.Sockets, s => Assert.True(s.Disposed));
    }

    [Fact]
    public async Task Multicast_joins_the_group_from_the_setup_answer()
    {
        var udp = new FakeUdpFactory();
        var camera = new ScriptedCamera { MulticastReply = "RTP/AVP;multicast;destination=239.1.2.3;port=5000-5001;ttl=16" };
        await using var server = new FakeRtspServer(camera.Handle);
        var packets = new Collector();
        await using var client = new RtspClient(Options(server) with { Transport = RtspTransportMode.Multicast, UdpSocketFactory = udp }, packets.Handle);
        await client.StartAsync(CancellationToken.None);

        Assert.Equal("RTP/AVP;multicast", server.Requests.First(r => r.Method == "SETUP").Headers["Transport"]);
        Assert.Contains((IPAddress.Parse("239.1.2.3"), 5000, 5001), udp.Joins);
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        udp.Sockets.First(s => s.LocalPort == 5000).Incoming.Writer.TryWrite(([0x80, 96, 0, 1], new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5000)));
        var p = await packets.NextAsync();
        Assert.False(p.Rtcp);
        Assert.Equal(0, client.Counters.ForeignDatagrams);
        stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Server_closing_the_connection_fails_run()
    {
        var camera = new ScriptedCamera();
        await using var server = new FakeRtspServer(camera.Handle);
        await using var client = new RtspClient(Options(server), (in RtspReceivedPacket _) => { });
        await client.StartAsync(CancellationToken.None);
        var run = client.RunAsync(CancellationToken.None);
        await server.Connections.Single().Server.Output.CompleteAsync();
        var e = await Assert.ThrowsAsync<RtspProtocolException>(() => run);
        Assert.Contains("closed", e.Message);
    }
}

public class TrackFilterTests
{
    [Fact]
    public void Onvif_back_channel_skipped_but_rfc_sendonly_streams_kept()
    {
        var onvif = Nvr.Media.Sdp.SdpParser.Parse(
            "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=recvonly\nm=audio 0 RTP/AVP 8\na=recvonly\nm=audio 0 RTP/AVP 0\na=sendonly\nm=application 0 RTP/AVP 107\na=rtpmap:107 vnd.onvif.metadata/90000\n"u8);
        Assert.Equal([true, true, false, false], onvif.Media.Select(m => RtspClient.DefaultTrackFilter(onvif, m)));
        var plain = Nvr.Media.Sdp.SdpParser.Parse("v=0\na=sendonly\nm=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\nm=audio 0 RTP/AVP 97\na=rtpmap:97 opus/48000/2\n"u8);
        Assert.Equal([true, false], plain.Media.Select(m => RtspClient.DefaultTrackFilter(plain, m)));
    }
}

internal static class ResponseExtensions
{
    public static RtspResponse WithHeader(this RtspResponse r, string name, string value)
    {
        r.Headers.Add(name, value);
        return r;
    }
}
