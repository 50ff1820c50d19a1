using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Rtp;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>What a test client received on one session: RTP packets per track, sender reports, and the units they carry.</summary>
internal sealed class RtpCapture
{
    private readonly H264Depacketizer _video = new(ServerMedia.H264Sps, ServerMedia.H264Pps);
    private readonly AacDepacketizer _audio;

    public RtpCapture()
    {
        Assert.True(AudioSpecificConfig.TryParse([0x14, 0x08], out var config));
        _audio = new AacDepacketizer(config!, 16000);
    }

    public List<RtpPacket> VideoPackets { get; } = [];
    public List<RtpPacket> AudioPackets { get; } = [];
    public List<DepacketizedUnit> VideoUnits { get; } = [];
    public List<DepacketizedUnit> AudioUnits { get; } = [];
    public List<RtcpSenderReport> VideoReports { get; } = [];
    public List<RtcpSenderReport> AudioReports { get; } = [];
    public List<RtcpCompoundPacket> Rtcp { get; } = [];
    public bool ReportBeforeFirstVideoPacket { get; private set; }

    /// <summary>Takes one interleaved frame (channels 0-1 video, 2-3 audio).</summary>
    public void Add(byte channel, byte[] data)
    {
        if (channel is 1 or 3)
        {
            Assert.True(RtcpCompoundPacket.TryParse(data, out var rtcp));
            Rtcp.Add(rtcp);
            if (channel == 1 && VideoPackets.Count == 0) ReportBeforeFirstVideoPacket = true;
            (channel == 1 ? VideoReports : AudioReports).AddRange(rtcp.SenderReports);
            return;
        }
        Assert.True(RtpPacket.TryParse(data, out var packet));
        if (channel == 0)
        {
            VideoPackets.Add(packet);
            _video.Push(packet, packet.Timestamp, lossBefore: false, VideoUnits);
        }
        else
        {
            AudioPackets.Add(packet);
            _audio.Push(packet, packet.Timestamp, lossBefore: false, AudioUnits);
        }
    }

    /// <summary>Reads frames from <paramref name="peer"/> until <paramref name="done"/> holds.</summary>
    public async Task ReadUntilAsync(TestRtspPeer peer, Func<RtpCapture, bool> done)
    {
        using var cts = new CancellationTokenSource(TestRtspPeer.Deadline);
        while (!done(this))
        {
            var (channel, data) = await peer.Frames.ReadAsync(cts.Token);
            Add(channel, data);
        }
    }

    /// <summary>Asserts sequence numbers increase by exactly one from <paramref name="first"/>.</summary>
    public static void AssertContinuous(List<RtpPacket> packets, ushort first)
    {
        ushort expected = first;
        foreach (var p in packets)
        {
            Assert.Equal(expected, p.SequenceNumber);
            expected++;
        }
    }
}
