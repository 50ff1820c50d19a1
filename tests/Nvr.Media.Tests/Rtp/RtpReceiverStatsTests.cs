using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpReceiverStatsTests
{
    // 8 kHz audio, 20 ms packets (160 samples); arrival ticks in milliseconds.
    private const int ClockRate = 8000;
    private const long Ms = 1000;

    private static RtpReceiverStats Stats() => new(ClockRate, Ms);

    private static void Feed(RtpReceiverStats s, ushort seq, long arrivalMs, uint ssrc = 0x1234)
        => s.Update(RtpTestPackets.Packet(seq, timestamp: (uint)(seq * 160), ssrc: ssrc), arrivalMs);

    [Fact]
    public void Perfect_stream_has_no_loss_and_no_jitter()
    {
        var s = Stats();
        for (ushort i = 0; i < 50; i++) Feed(s, i, 1000 + i * 20);
        Assert.True(s.TryCreateReportBlock(2000, out var block));
        Assert.Equal(new RtcpReportBlock(0x1234, 0, 0, 49, 0, 0, 0), block);
        Assert.Equal(50, s.PacketsExpected);
    }

    [Fact]
    public void Loss_sets_fraction_for_the_interval_and_cumulative_for_the_session()
    {
        var s = Stats();
        for (ushort i = 0; i < 10; i++)
        {
            if (i is 3 or 7) continue;
            Feed(s, i, i * 20);
        }
        Assert.True(s.TryCreateReportBlock(200, out var first));
        Assert.Equal(51, first.FractionLost); // 2/10 × 256 = 51.2
        Assert.Equal(2, first.CumulativeLost);
        for (ushort i = 10; i < 20; i++) Feed(s, i, i * 20);
        Assert.True(s.TryCreateReportBlock(400, out var second));
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(2, second.CumulativeLost);
        Assert.Equal(19u, second.ExtendedHighestSequence);
    }

    [Fact]
    public void Duplicates_make_cumulative_loss_negative_as_in_rfc3550_a3()
    {
        var s = Stats();
        Feed(s, 0, 0);
        Feed(s, 1, 20);
        Feed(s, 1, 21);
        Feed(s, 2, 40);
        Assert.True(s.TryCreateReportBlock(100, out var block));
        Assert.Equal(-1, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void Extended_highest_sequence_counts_the_wrap()
    {
        var s = Stats();
        ushort seq = 65530;
        for (int i = 0; i < 10; i++, seq++) Feed(s, seq, i * 20);
        Assert.True(s.TryCreateReportBlock(300, out var block));
        Assert.Equal(0x0001_0003u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void Jitter_follows_the_rfc_estimator()
    {
        // Every other packet arrives 10 ms (80 timestamp units) late: |D| = 80 on each step.
        var s = Stats();
        double reference = 0;
        for (ushort i = 0; i < 300; i++)
        {
            Feed(s, i, i * 20 + (i % 2 == 1 ? 10 : 0));
            if (i > 0) reference += (80 - reference) / 16;
        }
        Assert.InRange(s.Jitter, (uint)Math.Floor(reference) - 1, (uint)Math.Ceiling(reference));
        Assert.InRange(s.Jitter, 78u, 80u);
    }

    [Fact]
    public void Lsr_and_dlsr_come_from_the_last_sender_report()
    {
        var s = Stats();
        Feed(s, 0, 0);
        var ntp = NtpTimestamp.FromParts(0xEEAF65B7, 0xB25B8561);
        s.OnSenderReport(ntp, arrivalTicks: 1000);
        Assert.True(s.TryCreateReportBlock(1500, out var block));
        Assert.Equal(0x65B7B25Bu, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
    }

    [Fact]
    public void No_report_before_the_first_packet()
    {
        Assert.False(Stats().TryCreateReportBlock(0, out _));
    }

    [Fact]
    public void New_ssrc_starts_afresh()
    {
        var s = Stats();
        Feed(s, 100, 0, ssrc: 1);
        Feed(s, 105, 20, ssrc: 1);
        Feed(s, 7, 40, ssrc: 2);
        Feed(s, 8, 60, ssrc: 2);
        Assert.True(s.TryCreateReportBlock(100, out var block));
        Assert.Equal(2u, block.Ssrc);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(8u, block.ExtendedHighestSequence);
    }

    [Fact]
    public void Report_block_fed_to_the_writer_parses_back()
    {
        var s = Stats();
        for (ushort i = 0; i < 20; i += 2) Feed(s, i, i * 20);
        Assert.True(s.TryCreateReportBlock(500, out var block));
        var buffer = new byte[RtcpWriter.ReceiverReportSize(1)];
        RtcpWriter.WriteReceiverReport(buffer, 0xABCD, [block]);
        Assert.True(RtcpCompoundPacket.TryParse(buffer, out var parsed));
        var back = Assert.Single(parsed.ReceiverReports[0].ReportBlocks);
        Assert.Equal(block, back);
        Assert.Equal(9, back.CumulativeLost);       // 0..18 expected 19, got 10
        Assert.Equal((byte)(9 * 256 / 19), back.FractionLost);
    }
}
