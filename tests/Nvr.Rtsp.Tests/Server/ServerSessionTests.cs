using System.Net;
using System.Net.Sockets;
using Nvr.Media.Rtp;
using Nvr.Rtsp.Headers;
using Nvr.Rtsp.Server;
using Nvr.Streaming;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>Session lifetime, slow and dead viewers, limits, and the UDP and multicast transports.</summary>
public sealed class ServerSessionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_slow_viewer_is_resynced_at_a_keyframe_and_its_sequence_numbers_stay_continuous()
    {
        var options = new RtspServerOptions { Port = 0, AllowAnonymous = true, ReaderOptions = new FeedReaderOptions { MaxUnits = 20, MaxBytes = 1 << 20 } };
        await using var h = new ServerHarness(options);
        ServerMedia.Publish(h.Feed, 0, 1, audio: false);
        var slow = h.Connect(pauseWriterThreshold: 8 * 1024);
        var fast = h.Connect();
        await h.PlayTcpAsync(slow, 2);
        await h.PlayTcpAsync(fast, 2);
        var fastCapture = new RtpCapture();
        var slowCapture = new RtpCapture();
        await slowCapture.ReadUntilAsync(slow, c => c.VideoUnits.Count >= 1);
        slow.PauseReading();

        // 3 GOPs while the slow viewer reads nothing: its queue (20 units) overflows. The fast
        // viewer keeps up (it is handed 5 frames at a time, well inside its budget).
        for (int from = 1; from < 75; from += 5)
        {
            ServerMedia.Publish(h.Feed, from, Math.Min(75, from + 5), audio: false);
            await fastCapture.ReadUntilAsync(fast, c => c.VideoUnits.Count >= Math.Min(75, from + 5));
        }
        await ServerHarness.WaitUntilAsync(() => h.Server.GetSessions().Any(s => s.Resyncs > 0), "the slow session to resync");
        slow.ResumeReading();
        ServerMedia.Publish(h.Feed, 75, 80, audio: false); // a keyframe at 75 ends the resync
        await slowCapture.ReadUntilAsync(slow, c => c.VideoUnits.Any(u => u.Timestamp == c.VideoUnits[0].Timestamp + 79 * 3600L));

        RtpCapture.AssertContinuous(slowCapture.VideoPackets, slowCapture.VideoPackets[0].SequenceNumber);
        RtpCapture.AssertContinuous(fastCapture.VideoPackets, fastCapture.VideoPackets[0].SequenceNumber);
        // Every unit the slow viewer got after its gap begins a decodable GOP.
        var frames = slowCapture.VideoUnits.Select(u => (int)((u.Timestamp - slowCapture.VideoUnits[0].Timestamp) / 3600)).ToList();
        Assert.True(frames.Count < 80, "the slow viewer lost nothing");
        int gapAt = frames.Zip(frames.Skip(1)).Select((p, i) => (p, i)).First(x => x.p.Second != x.p.First + 1).i + 1;
        Assert.Equal(0, frames[gapAt] % 25);
        Assert.True(slowCapture.VideoUnits[gapAt].IsKeyframe);
        var stats = h.Server.GetSessions().Single(s => s.Resyncs > 0);
        Assert.True(stats.UnitsDropped > 0);
        Assert.Equal(75, fastCapture.VideoUnits.Count); // the fast viewer lost nothing
    }

    [Fact]
    public async Task A_viewer_that_takes_nothing_is_closed_after_the_write_timeout_without_disturbing_others()
    {
        await using var h = new ServerHarness(output: output);
        ServerMedia.Publish(h.Feed, 0, 1, audio: false);
        var dead = h.Connect(pauseWriterThreshold: 4 * 1024);
        var alive = h.Connect();
        await h.PlayTcpAsync(dead, 2);
        await h.PlayTcpAsync(alive, 2);
        dead.PauseReading();
        var capture = new RtpCapture();
        // Two rounds: the first may still be taken by a read that was in flight when the viewer froze.
        ServerMedia.Publish(h.Feed, 1, 30, audio: false);
        await capture.ReadUntilAsync(alive, c => c.VideoUnits.Count >= 30);
        ServerMedia.Publish(h.Feed, 30, 60, audio: false);
        await capture.ReadUntilAsync(alive, c => c.VideoUnits.Count >= 60);
        var took = await h.AdvanceUntilAsync(() => dead.Serving.IsCompleted, "the dead viewer to be closed");
        Assert.True(took > TimeSpan.FromSeconds(10), $"closed after {took}");
        await ServerHarness.WaitUntilAsync(() => h.Server.GetStatistics().WriteTimeouts == 1, "the write timeout to be counted");
        // The live one keeps receiving.
        ServerMedia.Publish(h.Feed, 60, 70, audio: false);
        await capture.ReadUntilAsync(alive, c => c.VideoUnits.Count >= 70);
        RtpCapture.AssertContinuous(capture.VideoPackets, capture.VideoPackets[0].SequenceNumber);
        Assert.Single(h.Server.GetSessions());
        Assert.Equal(1, h.Feed.ReaderCount);
    }

    [Fact]
    public async Task A_udp_session_streams_to_the_client_ports_and_takes_receiver_reports()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 1);
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port, rtcpPort = ((IPEndPoint)rtcp.LocalEndPoint!).Port;
        var peer = h.Connect(new IPEndPoint(IPAddress.Loopback, 50000));
        var setup = await peer.RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", ("Transport", $"RTP/AVP;unicast;client_port={rtpPort}-{rtcpPort}"));
        Assert.Equal(200, setup.StatusCode);
        var transport = RtspTransport.ParseList(setup.Headers["Transport"]).Single();
        Assert.False(transport.IsTcp);
        Assert.False(transport.IsMulticast);
        Assert.Equal(new RtspPortRange(rtpPort, rtcpPort), transport.ClientPort);
        var server = transport.ServerPort!.Value;
        Assert.Equal(0, server.First % 2);
        Assert.Equal(server.First + 1, server.Second);
        Assert.Equal(200, (await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession())).StatusCode);

        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(TestRtspPeer.Deadline);
        int n = await rtp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.True(RtpPacket.TryParse(buffer.AsMemory(0, n), out var packet));
        Assert.Equal(96, packet.PayloadType);
        n = await rtcp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.True(RtcpCompoundPacket.TryParse(buffer.AsSpan(0, n), out var sr));
        Assert.Equal(packet.Ssrc, sr.SenderReports.Single().Ssrc);
        Assert.Equal(transport.Ssrc, packet.Ssrc); // the SETUP reply named the stream's SSRC (RFC 2326 §12.39)

        var rr = new byte[RtcpWriter.ReceiverReportSize(1)];
        RtcpWriter.WriteReceiverReport(rr, 7, [new RtcpReportBlock(packet.Ssrc, 128, 3, 1, 90, 0, 0)]);
        await rtcp.SendToAsync(rr, new IPEndPoint(IPAddress.Loopback, server.Second));
        await ServerHarness.WaitUntilAsync(() => h.Server.GetSessions().Single().Tracks[0].ReportsReceived == 1, "the receiver report");
        var stats = h.Server.GetSessions().Single();
        Assert.Equal(RtspSessionTransport.Udp, stats.Transport);
        Assert.Equal(0.5, stats.Tracks[0].FractionLost);
        Assert.Equal(TimeSpan.FromMilliseconds(1), stats.Tracks[0].Jitter);
    }

    [Fact]
    public async Task A_silent_udp_session_times_out_and_a_keepalive_keeps_it()
    {
        await using var h = new ServerHarness();
        var peer = h.Connect(new IPEndPoint(IPAddress.Loopback, 50001));
        var setup = await peer.RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", ("Transport", "RTP/AVP;unicast;client_port=40000-40001"));
        Assert.Equal(200, setup.StatusCode);
        Assert.EndsWith(";timeout=60", setup.Headers["Session"]);
        var id = peer.SessionId!;
        for (int i = 0; i < 4; i++)
        {
            h.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(200, (await peer.RequestAsync("GET_PARAMETER", ServerHarness.Url, ("Session", id))).StatusCode);
        }
        Assert.Single(h.Server.GetSessions());
        var took = await h.AdvanceUntilAsync(() => h.Server.GetSessions().Count == 0, "the session to time out");
        Assert.True(took > TimeSpan.FromSeconds(59), $"timed out after {took}");
        Assert.Equal(1, h.Server.GetStatistics().SessionTimeouts);
    }

    [Fact]
    public async Task Setup_refusals_have_proper_status_codes()
    {
        await using var h = new ServerHarness(new RtspServerOptions { Port = 0, AllowAnonymous = true, MulticastEnabled = false });
        var peer = h.Connect();
        var track = ServerHarness.Url + "/trackID=0";
        Assert.Equal(400, (await peer.RequestAsync("SETUP", track)).StatusCode); // no Transport
        Assert.Equal(461, (await peer.RequestAsync("SETUP", track, ("Transport", "RTP/SAVP;unicast;client_port=4000-4001"))).StatusCode);
        Assert.Equal(461, (await peer.RequestAsync("SETUP", track, ("Transport", "RTP/AVP;unicast"))).StatusCode); // no client_port
        Assert.Equal(461, (await peer.RequestAsync("SETUP", track, ("Transport", "RTP/AVP;multicast"))).StatusCode); // disabled
        Assert.Equal(461, (await peer.RequestAsync("SETUP", track, ("Transport", "garbage;;;=="))).StatusCode);
        Assert.Equal(404, (await peer.RequestAsync("SETUP", ServerHarness.Url + "/trackID=7", ("Transport", "RTP/AVP/TCP;interleaved=0-1"))).StatusCode);
        Assert.Equal(459, (await peer.RequestAsync("SETUP", ServerHarness.Url, ("Transport", "RTP/AVP/TCP;interleaved=0-1"))).StatusCode);
        Assert.Equal(454, (await peer.RequestAsync("SETUP", track, ("Transport", "RTP/AVP/TCP;interleaved=0-1"), ("Session", "DEADBEEF"))).StatusCode);
        Assert.Equal(454, (await peer.RequestAsync("PLAY", ServerHarness.Url)).StatusCode);

        Assert.Equal(200, (await peer.RequestAsync("SETUP", track, ("Transport", "RTP/AVP/TCP;interleaved=0-1"))).StatusCode);
        // The same track again, a second transport kind, and a bad Range.
        Assert.Equal(459, (await peer.RequestAsync("SETUP", track, peer.WithSession(("Transport", "RTP/AVP/TCP;interleaved=2-3")))).StatusCode);
        Assert.Equal(461, (await peer.RequestAsync("SETUP", ServerHarness.Url + "/trackID=1", peer.WithSession(("Transport", "RTP/AVP;unicast;client_port=4000-4001")))).StatusCode);
        Assert.Equal(457, (await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession(("Range", "npt=abc-")))).StatusCode);
        // Interleaved channels already in use are replaced by free ones.
        var second = await peer.RequestAsync("SETUP", ServerHarness.Url + "/trackID=1", peer.WithSession(("Transport", "RTP/AVP/TCP;interleaved=0-1")));
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(new RtspPortRange(2, 3), RtspTransport.ParseList(second.Headers["Transport"]).Single().Interleaved);
    }

    [Fact]
    public async Task Session_limits_answer_503_and_connection_limits_close()
    {
        var options = new RtspServerOptions { Port = 0, AllowAnonymous = true, MaxSessions = 2, MaxSessionsPerAddress = 1, MaxConnectionsPerAddress = 2 };
        await using var h = new ServerHarness(options);
        var a = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000);
        var first = h.Connect(a);
        var setup = ("Transport", "RTP/AVP/TCP;interleaved=0-1");
        Assert.Equal(200, (await first.RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", setup)).StatusCode);
        var second = h.Connect(a);
        var busy = await second.RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", setup);
        Assert.Equal(503, busy.StatusCode);
        Assert.NotNull(busy.Headers["Retry-After"]);
        var third = h.Connect(a); // a third connection from the same address is refused outright
        await third.Serving.WaitAsync(TestRtspPeer.Deadline);
        await third.Closed.WaitAsync(TestRtspPeer.Deadline);
        Assert.Equal(200, (await h.Connect(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 1000)).RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", setup)).StatusCode);
        Assert.Equal(503, (await h.Connect(new IPEndPoint(IPAddress.Parse("10.0.0.3"), 1000)).RequestAsync("SETUP", ServerHarness.Url + "/trackID=0", setup)).StatusCode);
        var stats = h.Server.GetStatistics();
        Assert.Equal(2, stats.SessionsRejected);
        Assert.Equal(1, stats.ConnectionsRejected);
    }

    [Fact]
    public async Task Multicast_setup_hands_out_one_group_per_track_shared_by_viewers_of_a_path()
    {
        var sockets = new RecordingSocketFactory();
        var options = new RtspServerOptions { Port = 0, AllowAnonymous = true, MulticastAddressRange = "239.9.0.0/30", MulticastPortFirst = 20000, MulticastPortLast = 20007, MulticastTtl = 4 };
        await using var h = new ServerHarness(options, sockets: sockets);
        h.Registry.GetOrCreate("back").SetDescription(ServerMedia.H264Aac());
        var transports = new List<RtspTransport>();
        foreach (var path in new[] { "front", "front", "back" })
        {
            var peer = h.Connect();
            for (int t = 0; t < (path == "back" ? 1 : 2); t++)
            {
                var r = await peer.RequestAsync("SETUP", $"rtsp://127.0.0.1:8554/{path}/trackID={t}", peer.WithSession(("Transport", "RTP/AVP;multicast")));
                Assert.Equal(200, r.StatusCode);
                transports.Add(RtspTransport.ParseList(r.Headers["Transport"]).Single());
            }
            Assert.Equal(200, (await peer.RequestAsync("PLAY", $"rtsp://127.0.0.1:8554/{path}", peer.WithSession())).StatusCode);
        }
        Assert.All(transports, t => Assert.True(t.IsMulticast));
        Assert.All(transports, t => Assert.Equal(4, t.Ttl));
        Assert.Equal(("239.9.0.0", 20000, 20001), (transports[0].Destination, transports[0].Port!.Value.First, transports[0].Port!.Value.Second));
        Assert.Equal(("239.9.0.1", 20002, 20003), (transports[1].Destination, transports[1].Port!.Value.First, transports[1].Port!.Value.Second));
        Assert.Equal(transports[0], transports[2]); // the second viewer of "front" shares its groups
        Assert.Equal(transports[1], transports[3]);
        Assert.Equal(("239.9.0.2", 20004), (transports[4].Destination, transports[4].Port!.Value.First));
        // One sender socket per track of each path (groups are taken for every track), with the
        // TTL set; each path is read once however many viewers it has.
        Assert.Equal(4, sockets.Udp.Count);
        Assert.All(sockets.Udp, s => Assert.Equal(4, (int)s.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive)!));
        await ServerHarness.WaitUntilAsync(() => h.Registry.GetFeeds().Sum(f => f.ReaderCount) == 2, "one reader per path");
        // The groups are exhausted: a third path cannot get one.
        h.Registry.GetOrCreate("side").SetDescription(ServerMedia.H264Aac());
        var late = h.Connect();
        Assert.Equal(453, (await late.RequestAsync("SETUP", "rtsp://127.0.0.1:8554/side/trackID=0", ("Transport", "RTP/AVP;multicast"))).StatusCode);
    }

    [Fact]
    public async Task Multicast_groups_are_freed_when_the_last_viewer_leaves()
    {
        var options = new RtspServerOptions { Port = 0, AllowAnonymous = true, MulticastAddressRange = "239.9.0.0/31", MulticastPortFirst = 20000, MulticastPortLast = 20003 };
        await using var h = new ServerHarness(options);
        var peer = h.Connect();
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(200, (await peer.RequestAsync("SETUP", $"{ServerHarness.Url}/trackID={t}", peer.WithSession(("Transport", "RTP/AVP;multicast")))).StatusCode);
        }
        Assert.Equal(200, (await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession())).StatusCode);
        await ServerHarness.WaitUntilAsync(() => h.Feed.ReaderCount == 1, "the multicast stream to start"); // PLAY starts after its response
        Assert.Equal(200, (await peer.RequestAsync("TEARDOWN", ServerHarness.Url, peer.WithSession())).StatusCode);
        Assert.Equal(0, h.Feed.ReaderCount);
        h.Registry.GetOrCreate("back").SetDescription(ServerMedia.H264Aac());
        var other = h.Connect();
        Assert.Equal(200, (await other.RequestAsync("SETUP", "rtsp://127.0.0.1:8554/back/trackID=0", ("Transport", "RTP/AVP;multicast"))).StatusCode);
    }

    private sealed class RecordingSocketFactory : IRtspSocketFactory
    {
        public List<Socket> Udp { get; } = [];

        public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol)
        {
            var s = new Socket(family, type, protocol);
            if (type == SocketType.Dgram) lock (Udp) Udp.Add(s);
            return s;
        }
    }
}
