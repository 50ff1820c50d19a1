using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtcpCompoundPacketTests
{
    private static RtcpCompoundPacket Parse(byte[] data)
    {
        Assert.True(RtcpCompoundPacket.TryParse(data, out var packet));
        return packet;
    }

    [Fact]
    public void Gstreamer_sender_report_with_sdes()
    {
        // GStreamer 1.22 rtpbin, PCMU sender, captured on loopback.
        var p = Parse(Convert.FromHexString(
            "80c80006207faa4ceeaf65b7b25b85618b6926f5000000f400004c40" +
            "81ca000c207faa4c011c757365723231383832373939373040686f73" +
            "742d626238346165383306094753747265616d6572000000"));
        var sr = Assert.Single(p.SenderReports);
        Assert.Equal(0x207FAA4Cu, sr.Ssrc);
        Assert.Equal(0xEEAF65B7u, sr.NtpTime.Seconds);
        Assert.Equal(0xB25B8561u, sr.NtpTime.Fraction);
        Assert.Equal(new DateTime(2026, 11, 24, 1, 24, 7, DateTimeKind.Utc).AddTicks(6967090), sr.NtpTime.ToDateTime());
        Assert.Equal(0x8B6926F5u, sr.RtpTimestamp);
        Assert.Equal(244u, sr.PacketCount);
        Assert.Equal(19520u, sr.OctetCount); // 244 packets × 80 bytes
        Assert.Empty(sr.ReportBlocks);
        var sdes = Assert.Single(p.SourceDescriptions);
        Assert.Equal(0x207FAA4Cu, sdes.Ssrc);
        Assert.Equal("user2188279970@host-bb84ae83", sdes.CName);
        Assert.Empty(p.ReceiverReports);
        Assert.Empty(p.Goodbyes);
        Assert.Equal(0, p.UnknownPackets);
        Assert.Equal(0, p.MalformedPackets);
    }

    [Fact]
    public void Gstreamer_final_report_carries_bye()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "gstreamer-sr-sdes-bye.bin"));
        Assert.Single(p.SenderReports);
        Assert.Equal(700u, p.SenderReports[0].PacketCount);
        Assert.Single(p.SourceDescriptions);
        var bye = Assert.Single(p.Goodbyes);
        Assert.Equal(new uint[] { 0x207FAA4C }, bye.Ssrcs);
        Assert.Null(bye.Reason);
    }

    [Fact]
    public void Gstreamer_receiver_report_with_negative_cumulative_loss()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "gstreamer-rr-sdes.bin"));
        var rr = Assert.Single(p.ReceiverReports);
        Assert.Equal(0x1A8F3003u, rr.Ssrc);
        var block = Assert.Single(rr.ReportBlocks);
        Assert.Equal(new RtcpReportBlock(0x67C7168D, 0, -1, 0x5C4E, 2, 0x65C6EF2F, 0x17878), block);
        Assert.Equal("user3066727805@host-44f5981f", Assert.Single(p.SourceDescriptions).CName);
    }

    [Fact]
    public void Ffmpeg_first_sender_report()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "ffmpeg-sr.bin"));
        var sr = Assert.Single(p.SenderReports);
        Assert.Equal(0x040AC98Cu, sr.Ssrc);
        Assert.Equal(new DateTime(2026, 11, 24, 1, 23, 36, 841, DateTimeKind.Utc), sr.NtpTime.ToDateTime());
        Assert.Equal(0x46F53E7Fu, sr.RtpTimestamp);
        Assert.Equal(0u, sr.PacketCount);
    }

    [Fact]
    public void Receiver_report_block_and_bye_reason()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "rr-1block-bye-reason.bin"));
        var block = Assert.Single(Assert.Single(p.ReceiverReports).ReportBlocks);
        Assert.Equal(new RtcpReportBlock(0xCAFE, 25, 7, 0x0001FFFF, 123, 0x12345678, 65536), block);
        Assert.Equal("shutdown", Assert.Single(p.Goodbyes).Reason);
    }

    [Fact]
    public void Unknown_types_are_skipped_by_length_and_padding_is_honoured()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "app-and-padded-rr.bin"));
        Assert.Equal(1, p.UnknownPackets);
        var rr = Assert.Single(p.ReceiverReports);
        Assert.Equal(9u, rr.Ssrc);
        Assert.Empty(rr.ReportBlocks);
    }

    [Fact]
    public void Length_past_the_buffer_is_rejected()
    {
        Assert.False(RtcpCompoundPacket.TryParse(RtpTestPackets.CorpusFile("rtcp", "length-past-end.bin"), out _));
    }

    [Fact]
    public void Sender_report_without_sender_info_is_skipped_as_malformed()
    {
        var p = Parse(RtpTestPackets.CorpusFile("rtcp", "zero-length-sr.bin"));
        Assert.Empty(p.SenderReports);
        Assert.Equal(1, p.MalformedPackets);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80, 0xC9, 0x00 })]
    [InlineData(new byte[] { 0x40, 0xC9, 0x00, 0x01, 0, 0, 0, 1 })] // version 1
    [InlineData(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5 })] // padding 5 > 4-byte body
    [InlineData(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0 })] // padding count 0
    [InlineData(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80 })] // trailing partial header
    public void Bad_headers_are_rejected(byte[] data)
    {
        Assert.False(RtcpCompoundPacket.TryParse(data, out _));
    }

    [Fact]
    public void Content_that_overruns_its_packet_is_skipped_not_fatal()
    {
        // RR claiming 5 blocks but holding 1, then an SDES item longer than its packet.
        var data = RtpTestPackets.CorpusFile("rtcp", "rc-too-large.bin")
            .Concat(RtpTestPackets.CorpusFile("rtcp", "sdes-item-past-end.bin"))
            .Concat(RtpTestPackets.CorpusFile("rtcp", "ffmpeg-sr.bin"))
            .ToArray();
        var p = Parse(data);
        Assert.Equal(2, p.MalformedPackets);
        Assert.Empty(p.ReceiverReports);
        Assert.Empty(p.SourceDescriptions);
        Assert.Single(p.SenderReports);
    }

    [Fact]
    public void Sdes_chunks_without_cname_and_several_chunks()
    {
        byte[] data =
        [
            0x82, 0xCA, 0x00, 0x05,
            0, 0, 0, 1, 0x02, 0x02, (byte)'n', (byte)'m', 0, 0, 0, 0, // NAME only, null item + pad
            0, 0, 0, 2, 0x01, 0x01, (byte)'x', 0, // CNAME "x"
        ];
        var p = Parse(data);
        Assert.Equal(2, p.SourceDescriptions.Count);
        Assert.Equal(new RtcpSourceDescription(1, null), p.SourceDescriptions[0]);
        Assert.Equal(new RtcpSourceDescription(2, "x"), p.SourceDescriptions[1]);
    }
}
