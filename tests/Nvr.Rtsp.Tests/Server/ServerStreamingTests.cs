using System.Buffers.Binary;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Rtp;
using Nvr.Rtsp.Headers;
using Nvr.Rtsp.Server;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>PLAY over interleaved TCP: packetization, timestamps, RTCP, and what happens when the media changes.</summary>
public sealed class ServerStreamingTests
{
    [Fact]
    public async Task Play_starts_at_the_cached_keyframe_with_parameter_sets_continuous_sequences_and_exact_timestamps()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 30); // the GOP cache now holds frames 25..29 and their audio
        var peer = h.Connect();
        var play = await h.PlayTcpAsync(peer, 2);
        var info = RtpInfoEntry.ParseList(play.Headers["RTP-Info"]);
        Assert.Equal(2, info.Count);
        Assert.Equal("rtsp://127.0.0.1:8554/front/trackID=0", info[0].Url);
        Assert.Equal("rtsp://127.0.0.1:8554/front/trackID=1", info[1].Url);
        Assert.Equal("npt=0.000-", play.Headers["Range"]);
        Assert.StartsWith(peer.SessionId + ";timeout=60", play.Headers["Session"]);

        ServerMedia.Publish(h.Feed, 30, 60);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 34 && c.AudioUnits.Count >= 20);

        uint videoBase = info[0].RtpTime!.Value, audioBase = info[1].RtpTime!.Value;
        RtpCapture.AssertContinuous(capture.VideoPackets, info[0].Sequence!.Value);
        RtpCapture.AssertContinuous(capture.AudioPackets, info[1].Sequence!.Value);
        Assert.Equal(videoBase, capture.VideoPackets[0].Timestamp);

        // Frame 25 + k at base + k × 3600, keyframes (25, 50) led by SPS and PPS, others unchanged.
        for (int k = 0; k < 34; k++)
        {
            var unit = capture.VideoUnits[k];
            Assert.Equal((long)videoBase + k * ServerMedia.VideoTicksPerFrame, unit.Timestamp);
            var original = ServerMedia.Video(25 + k).Payload.ToArray();
            if ((25 + k) % 25 == 0)
            {
                Assert.True(unit.IsKeyframe);
                Assert.Equal(NalUnits.ToLengthPrefixed([ServerMedia.H264Sps, ServerMedia.H264Pps]).Concat(original).ToArray(), unit.Payload);
            }
            else
            {
                Assert.Equal(original, unit.Payload);
            }
        }
        // Marker on the last packet of each access unit only.
        var markers = capture.VideoPackets.Select((p, i) => (p, i)).Where(x => x.p.Marker).ToList();
        Assert.All(markers, m => Assert.True(m.i == capture.VideoPackets.Count - 1 || capture.VideoPackets[m.i + 1].Timestamp != m.p.Timestamp));
        Assert.Equal(capture.VideoPackets.Select(p => p.Timestamp).Distinct().Count(), markers.Count + (capture.VideoPackets[^1].Marker ? 0 : 1));
        // The keyframe (4 KiB) needed FU-A (type 28); the parameter sets and the SEI went in one STAP-A (type 24).
        Assert.Equal(24, capture.VideoPackets[0].Payload.Span[0] & 0x1F);
        Assert.Equal(28, capture.VideoPackets[1].Payload.Span[0] & 0x1F);

        // Audio: the units as published, 1024 ticks apart, aligned with video by wallclock.
        int firstAudio = (int)(25 * ServerMedia.VideoTicksPerFrame * 16000 / 90000 / 1024); // first AAC frame published after frame 25
        for (int k = 0; k < 20; k++)
        {
            var unit = capture.AudioUnits[k];
            var original = ServerMedia.Audio(firstAudio + k);
            Assert.Equal(original.Payload.ToArray(), unit.Payload);
            long expected = audioBase + (original.Pts - 16000); // frame 25 (media time 1 s) is time zero
            Assert.Equal(expected, unit.Timestamp);
        }

        // Sender reports: one before the first packet (no time passes on the fake clock, so no
        // second one), NTP = the first unit's wallclock.
        Assert.Single(capture.VideoReports);
        Assert.True(capture.ReportBeforeFirstVideoPacket);
        Assert.Single(capture.AudioReports);
        var sr = capture.VideoReports[0];
        Assert.Equal(capture.VideoPackets[0].Ssrc, sr.Ssrc);
        Assert.Equal(peer.SetupTransports[0].Ssrc, capture.VideoPackets[0].Ssrc); // named in the SETUP reply (RFC 2326 §12.39)
        Assert.Equal(peer.SetupTransports[1].Ssrc, capture.AudioPackets[0].Ssrc);
        Assert.Equal(videoBase, sr.RtpTimestamp);
        Assert.Equal(ServerMedia.Epoch.AddSeconds(1), sr.NtpTime.ToDateTime(), TimeSpan.FromMilliseconds(0.001));
        Assert.Contains(capture.Rtcp, p => p.SourceDescriptions.Any(s => s.Ssrc == sr.Ssrc && s.CName == "nvr-" + peer.SessionId));
        var audioSr = capture.AudioReports[0];
        var audioWall = ServerMedia.Epoch.AddTicks((long)(audioSr.RtpTimestamp - audioBase + 16000) * TimeSpan.TicksPerSecond / 16000);
        Assert.Equal(audioWall, audioSr.NtpTime.ToDateTime(), TimeSpan.FromMilliseconds(0.001));
    }

    [Fact]
    public async Task Receiver_reports_show_up_in_the_session_statistics()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 5);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoReports.Count > 0);
        var sr = capture.VideoReports[0];
        var block = new RtcpReportBlock(sr.Ssrc, FractionLost: 64, CumulativeLost: 10, ExtendedHighestSequence: 1000,
            Jitter: 900, LastSenderReport: sr.NtpTime.Middle32, DelaySinceLastSenderReport: 0);
        var rr = new byte[RtcpWriter.ReceiverReportSize(1)];
        RtcpWriter.WriteReceiverReport(rr, 0x1234, [block]);
        await peer.SendInterleavedAsync(1, rr);
        await ServerHarness.WaitUntilAsync(() => h.Server.GetSessions().Single().Tracks[0].ReportsReceived == 1, "the report");
        var track = h.Server.GetSessions().Single().Tracks[0];
        Assert.Equal(0.25, track.FractionLost);
        Assert.Equal(10, track.CumulativeLost);
        Assert.Equal(TimeSpan.FromMilliseconds(10), track.Jitter);
        Assert.Equal(TimeSpan.Zero, track.RoundTripTime); // fake clock: no time passed since the SR
        Assert.Equal(MediaCodec.H264, track.Codec);
    }

    [Fact]
    public async Task Timestamps_and_sequence_numbers_continue_across_a_camera_reconnect()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 10, audio: false);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 10);

        // The camera drops and comes back 30 s later: PTS restart at 0, wallclock moves on.
        h.Feed.SetOffline();
        Assert.True(h.Feed.SetDescription(ServerMedia.H264Aac()));
        var later = ServerMedia.Epoch.AddSeconds(30);
        for (int i = 0; i < 5; i++) Assert.True(h.Feed.Publish(ServerMedia.Video(i, epoch: later)));
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 15);

        var first = capture.VideoUnits[0].Timestamp;
        Assert.Equal(first + 30L * 90000, capture.VideoUnits[10].Timestamp);
        Assert.Equal(first + 30L * 90000 + 4 * 3600, capture.VideoUnits[14].Timestamp);
        RtpCapture.AssertContinuous(capture.VideoPackets, capture.VideoPackets[0].SequenceNumber);
    }

    [Fact]
    public async Task A_clock_step_back_across_a_reconnect_still_moves_timestamps_forward()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 10, audio: false);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 10);
        h.Feed.SetOffline();
        Assert.True(h.Feed.SetDescription(ServerMedia.H264Aac()));
        var earlier = ServerMedia.Epoch.AddSeconds(-60); // NTP stepped the clock back
        for (int i = 0; i < 3; i++) Assert.True(h.Feed.Publish(ServerMedia.Video(i, epoch: earlier)));
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 13);
        var ts = capture.VideoUnits.Select(u => u.Timestamp).ToList();
        Assert.True(ts.Zip(ts.Skip(1)).All(p => p.Second > p.First), string.Join(",", ts));
        Assert.Equal(ts[11] + 3600, ts[12]);
    }

    [Fact]
    public async Task Pause_then_play_resumes_at_a_keyframe_with_the_next_sequence_number()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 3, audio: false);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 3);
        Assert.Equal(200, (await peer.RequestAsync("PAUSE", ServerHarness.Url, peer.WithSession())).StatusCode);
        Assert.Equal(RtspSessionState.Ready, h.Server.GetSessions().Single().State);
        ServerMedia.Publish(h.Feed, 3, 30, audio: false); // keyframe at 25
        Assert.Equal(200, (await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession())).StatusCode);
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 8);
        RtpCapture.AssertContinuous(capture.VideoPackets, capture.VideoPackets[0].SequenceNumber);
        Assert.True(capture.VideoUnits[3].IsKeyframe);
        Assert.Equal(capture.VideoUnits[0].Timestamp + 25 * 3600, capture.VideoUnits[3].Timestamp);
    }

    [Fact]
    public async Task Teardown_ends_the_session_and_detaches_its_reader()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 3);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        Assert.Equal(200, (await peer.RequestAsync("TEARDOWN", ServerHarness.Url, peer.WithSession())).StatusCode);
        Assert.Equal(0, h.Feed.ReaderCount);
        Assert.Empty(h.Server.GetSessions());
        Assert.Equal(454, (await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession())).StatusCode);
        Assert.Equal(1, h.Server.GetStatistics().SessionsClosed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Media_that_ends_or_changes_codec_ends_the_session_with_rtcp_bye(bool remove)
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 3);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 3);
        if (remove)
        {
            h.Registry.Remove("front");
        }
        else
        {
            Assert.True(h.Feed.SetDescription(new StreamDescription(0, [ServerMedia.H265(), ServerMedia.Aac()])));
            Assert.True(h.Feed.Publish(ServerMedia.Video(0, h265: true)));
        }
        await capture.ReadUntilAsync(peer, c => c.Rtcp.Any(p => p.Goodbyes.Count > 0));
        await peer.Serving.WaitAsync(TestRtspPeer.Deadline);
        await ServerHarness.WaitUntilAsync(() => h.Server.GetSessions().Count == 0, "the session to end");
    }

    [Fact]
    public async Task New_parameter_sets_are_sent_in_band_without_ending_the_session()
    {
        await using var h = new ServerHarness();
        ServerMedia.Publish(h.Feed, 0, 3, audio: false);
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        var capture = new RtpCapture();
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 3);
        byte[] newSps = [0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78];
        Assert.True(h.Feed.SetDescription(new StreamDescription(0, [ServerMedia.H264() with { Sps = newSps, Width = 1920, Height = 1080 }, ServerMedia.Aac()])));
        Assert.True(h.Feed.Publish(ServerMedia.Video(0)));
        await capture.ReadUntilAsync(peer, c => c.VideoUnits.Count >= 4);
        var nal = new List<ReadOnlyMemory<byte>>();
        Assert.True(NalUnits.TrySplitLengthPrefixed(capture.VideoUnits[3].Payload, nal));
        Assert.Equal(newSps, nal[0].ToArray());
        Assert.Single(h.Server.GetSessions());
    }

    [Fact]
    public async Task Parameter_sets_sent_in_band_by_the_camera_are_not_repeated_and_go_after_an_aud()
    {
        await using var h = new ServerHarness(description: new StreamDescription(0, [ServerMedia.H264()]));
        byte[] aud = [0x09, 0xF0];
        var inBand = new MediaUnit(0, 0, 0, true, NalUnits.ToLengthPrefixed([ServerMedia.H264Sps, ServerMedia.H264Pps, new byte[] { 0x65, 0x88, 1, 2, 3 }]), ServerMedia.Epoch);
        var withAud = new MediaUnit(0, 3600, 3600, true, NalUnits.ToLengthPrefixed([aud, new byte[] { 0x65, 0x88, 4, 5, 6 }]), ServerMedia.Epoch.AddMilliseconds(40));
        Assert.True(h.Feed.Publish(inBand));
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 1);
        Assert.True(h.Feed.Publish(withAud));
        var packets = new List<RtpPacket>();
        while (packets.Count < 2)
        {
            Assert.True(RtpPacket.TryParse(await peer.ReadFrameAsync(0), out var p));
            packets.Add(p);
        }
        // One STAP-A each: [SPS, PPS, IDR] as sent, and [AUD, SPS, PPS, IDR].
        Assert.Equal(NalUnits.ToLengthPrefixed([ServerMedia.H264Sps, ServerMedia.H264Pps, new byte[] { 0x65, 0x88, 1, 2, 3 }]), StapToLengthPrefixed(packets[0].Payload));
        Assert.Equal(NalUnits.ToLengthPrefixed([aud, ServerMedia.H264Sps, ServerMedia.H264Pps, new byte[] { 0x65, 0x88, 4, 5, 6 }]), StapToLengthPrefixed(packets[1].Payload));
    }

    [Fact]
    public async Task H265_and_pcma_are_packetized_with_in_band_vps_sps_pps_and_sample_timestamps()
    {
        await using var h = new ServerHarness(description: new StreamDescription(0, [ServerMedia.H265(), ServerMedia.Pcma()]));
        var peer = h.Connect();
        await h.PlayTcpAsync(peer, 2);
        Assert.True(h.Feed.Publish(ServerMedia.Video(0, h265: true)));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(h.Feed.Publish(new MediaUnit(1, i * 2000L, i * 2000L, true, new byte[2000], ServerMedia.Epoch.AddMilliseconds(i * 250))));
        }
        Assert.True(RtpPacket.TryParse(await peer.ReadFrameAsync(0), out var first));
        Assert.Equal(48, (first.Payload.Span[0] >> 1) & 0x3F); // AP: VPS, SPS, PPS (and SEI)
        var audio = new List<RtpPacket>();
        while (audio.Count < 6)
        {
            Assert.True(RtpPacket.TryParse(await peer.ReadFrameAsync(2), out var p));
            audio.Add(p);
        }
        Assert.All(audio, p => Assert.Equal(8, p.PayloadType));
        Assert.Equal([1200, 800, 1200, 800, 1200, 800], audio.Select(p => p.Payload.Length));
        var t0 = audio[0].Timestamp;
        Assert.Equal([t0, t0 + 1200, t0 + 2000, t0 + 3200, t0 + 4000, t0 + 5200], audio.Select(p => p.Timestamp));
        Assert.Equal([true, false, false, false, false, false], audio.Select(p => p.Marker));
    }

    private static byte[] StapToLengthPrefixed(ReadOnlyMemory<byte> stap)
    {
        var s = stap.Span;
        Assert.Equal(24, s[0] & 0x1F);
        var list = new List<ReadOnlyMemory<byte>>();
        for (int i = 1; i < s.Length;)
        {
            int n = BinaryPrimitives.ReadUInt16BigEndian(s[i..]);
            list.Add(stap.Slice(i + 2, n));
            i += 2 + n;
        }
        return NalUnits.ToLengthPrefixed(list);
    }
}
