using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtcpWriterTests
{
    [Fact]
    public void Receiver_report_round_trips_through_the_parser()
    {
        var block = new RtcpReportBlock(0x67C7168D, 64, -3, 0x0002_0010, 417, 0x65C6EF2F, 0x8000);
        var buffer = new byte[RtcpWriter.ReceiverReportSize(1)];
        int n = RtcpWriter.WriteReceiverReport(buffer, 0xDEADBEEF, [block]);
        Assert.Equal(32, n);
        Assert.Equal("81c90007deadbeef67c7168d40fffffd00020010000001a165c6ef2f00008000", Convert.ToHexStringLower(buffer));
        Assert.True(RtcpCompoundPacket.TryParse(buffer, out var parsed));
        var rr = Assert.Single(parsed.ReceiverReports);
        Assert.Equal(0xDEADBEEFu, rr.Ssrc);
        Assert.Equal(block, Assert.Single(rr.ReportBlocks));
    }

    [Fact]
    public void Cumulative_loss_is_clamped_to_24_bits()
    {
        var buffer = new byte[RtcpWriter.ReceiverReportSize(1)];
        RtcpWriter.WriteReceiverReport(buffer, 1, [new RtcpReportBlock(2, 0, 50_000_000, 0, 0, 0, 0)]);
        Assert.True(RtcpCompoundPacket.TryParse(buffer, out var parsed));
        Assert.Equal(RtcpReportBlock.MaxCumulativeLost, parsed.ReceiverReports[0].ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void Sender_report_with_sdes_and_bye_forms_a_compound_the_parser_reads_back()
    {
        var when = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(2_500_000); // .25 s
        var buffer = new byte[RtcpWriter.SenderReportSize(0) + RtcpWriter.SourceDescriptionSize("nvr@box") + RtcpWriter.GoodbyeSize(1)];
        int n = RtcpWriter.WriteSenderReport(buffer, 0x01020304, when, 90000, 10, 12345);
        Assert.Equal(28, n);
        // NTP 2025-03-01T12:00:00Z = 3949819200 s (0xEB6D7540) since 1900; .25 s = 0x40000000.
        Assert.Equal("80c8000601020304eb6d754040000000", Convert.ToHexStringLower(buffer.AsSpan(0, 16)));
        n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), 0x01020304, "nvr@box");
        n += RtcpWriter.WriteGoodbye(buffer.AsSpan(n), 0x01020304);
        Assert.Equal(buffer.Length, n);

        Assert.True(RtcpCompoundPacket.TryParse(buffer, out var parsed));
        var sr = Assert.Single(parsed.SenderReports);
        Assert.Equal(0x01020304u, sr.Ssrc);
        Assert.Equal(when, sr.NtpTime.ToDateTime());
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal(12345u, sr.OctetCount);
        Assert.Equal("nvr@box", Assert.Single(parsed.SourceDescriptions).CName);
        Assert.Equal(new uint[] { 0x01020304 }, Assert.Single(parsed.Goodbyes).Ssrcs);
        Assert.Equal(0, parsed.MalformedPackets);
    }

    [Theory]
    [InlineData("", 12)]      // 4 SSRC + 2 item header + 0 + 1 null = 7 → 8, + 4 header
    [InlineData("ab", 16)]    // 4 + 2 + 2 + 1 = 9 → 12
    [InlineData("abcde", 16)] // 4 + 2 + 5 + 1 = 12
    [InlineData("abcdef", 20)] // 13 → 16: a full word of nulls when the text ends on a boundary
    public void Sdes_is_null_terminated_and_padded_to_32_bits(string cname, int expected)
    {
        Assert.Equal(expected, RtcpWriter.SourceDescriptionSize(cname));
        var buffer = Enumerable.Repeat((byte)0xEE, expected).ToArray();
        Assert.Equal(expected, RtcpWriter.WriteSourceDescription(buffer, 7, cname));
        Assert.Equal(0, buffer[^1]);
        Assert.True(RtcpCompoundPacket.TryParse(buffer, out var parsed));
        Assert.Equal(cname, Assert.Single(parsed.SourceDescriptions).CName);
    }

    [Fact]
    public void Too_small_destination_throws()
    {
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteReceiverReport(new byte[31], 1, [default]));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSourceDescription(new byte[64], 1, new string('x', 256)));
    }
}
