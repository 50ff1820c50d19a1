using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpReorderBufferTests
{
    // Times in milliseconds.
    private const long Ms = 1000;
    private readonly List<RtpReorderedPacket> _out = [];

    private static RtpReorderBuffer Buffer(int capacity = 64, int delayMs = 100)
        => new(capacity, TimeSpan.FromMilliseconds(delayMs), Ms);

    private RtpReorderResult Push(RtpReorderBuffer b, ushort seq, long now = 0, uint ssrc = 0x1234)
        => b.Push(RtpTestPackets.Packet(seq, ssrc: ssrc), now, _out);

    /// <summary>Released packets as "seq" or "!seq" when loss precedes them; clears the list.</summary>
    private string Released()
    {
        var s = string.Join(" ", _out.Select(p => (p.LossBefore ? "!" : "") + p.Packet.SequenceNumber));
        _out.Clear();
        return s;
    }

    [Fact]
    public void In_order_packets_pass_straight_through()
    {
        var b = Buffer();
        foreach (ushort s in new ushort[] { 10, 11, 12 }) Assert.Equal(RtpReorderResult.Accepted, Push(b, s));
        Assert.Equal("10 11 12", Released());
        Assert.Equal(0, b.Count);
        Assert.Null(b.NextDeadline);
    }

    [Fact]
    public void Two_swapped_packets_are_put_back_in_order()
    {
        var b = Buffer();
        Push(b, 1);
        Push(b, 3);
        Assert.Equal("1", Released());
        Assert.Equal(1, b.Count);
        Push(b, 2);
        Push(b, 4);
        Assert.Equal("2 3 4", Released());
        Assert.Equal(1, b.PacketsReordered);
        Assert.Equal(0, b.PacketsLost);
    }

    [Fact]
    public void Late_arrival_inside_the_wait_is_reordered()
    {
        var b = Buffer();
        Push(b, 1, now: 0);
        Push(b, 3, now: 10);
        Assert.Equal(110, b.NextDeadline);
        b.Drain(109, _out);
        Assert.Equal("1", Released());
        Push(b, 2, now: 109);
        Assert.Equal("2 3", Released());
        Assert.Equal(0, b.PacketsLost);
    }

    [Fact]
    public void Hole_is_given_up_when_the_wait_expires_and_the_straggler_is_late()
    {
        var b = Buffer();
        Push(b, 1, now: 0);
        Push(b, 3, now: 10);
        Push(b, 4, now: 20);
        b.Drain(110, _out);
        Assert.Equal("1 !3 4", Released());
        Assert.Equal(1, b.PacketsLost);
        Assert.Equal(RtpReorderResult.Late, Push(b, 2, now: 120));
        Assert.Equal("", Released());
        Assert.Equal(1, b.PacketsLate);
        Push(b, 5, now: 130);
        Assert.Equal("5", Released());
    }

    [Fact]
    public void Hole_is_given_up_when_the_window_is_full()
    {
        var b = Buffer(capacity: 4);
        Push(b, 1);
        foreach (ushort s in new ushort[] { 3, 4, 5 }) Push(b, s);
        Assert.Equal("1", Released());
        Push(b, 6); // 2..5 is the window; 6 pushes 2 out
        Assert.Equal("!3 4 5 6", Released());
        Assert.Equal(1, b.PacketsLost);
    }

    [Fact]
    public void Big_forward_gap_within_dropout_counts_every_missing_packet()
    {
        var b = Buffer(capacity: 8);
        Push(b, 1);
        Push(b, 1001, now: 0);
        Assert.Equal("1", Released()); // 994..1000 may still come
        Assert.Equal(992, b.PacketsLost);
        b.Drain(100, _out);
        Assert.Equal("!1001", Released());
        Assert.Equal(999, b.PacketsLost);
    }

    [Fact]
    public void Duplicates_are_dropped_whether_buffered_or_released()
    {
        var b = Buffer();
        Push(b, 1);
        Assert.Equal(RtpReorderResult.Duplicate, Push(b, 1));
        Push(b, 3);
        Assert.Equal(RtpReorderResult.Duplicate, Push(b, 3));
        Push(b, 2);
        Assert.Equal("1 2 3", Released());
        Assert.Equal(2, b.PacketsDuplicate);
        Assert.Equal(0, b.PacketsLate);
    }

    [Fact]
    public void Straggler_from_before_the_first_packet_across_the_wrap_is_late()
    {
        // Regression (found by the rtp fuzz corpus): its extended number is negative.
        var b = Buffer();
        Push(b, 5);
        Assert.Equal(RtpReorderResult.Late, Push(b, 65530));
        Assert.Equal("5", Released());
    }

    [Fact]
    public void Sequence_wrap_is_ordered()
    {
        var b = Buffer();
        Push(b, 65534);
        Push(b, 65535);
        Push(b, 1);
        Push(b, 0);
        Push(b, 2);
        Assert.Equal("65534 65535 0 1 2", Released());
        Assert.Equal(0, b.PacketsLost);
    }

    [Fact]
    public void Zero_wait_turns_it_into_a_loss_detector_for_tcp()
    {
        var b = Buffer(delayMs: 0);
        Push(b, 1);
        Push(b, 2);
        Push(b, 4);
        Assert.Equal("1 2 !4", Released());
        Assert.Equal(1, b.PacketsLost);
        Assert.Equal(0, b.Count);
    }

    [Fact]
    public void Confirmed_numbering_restart_flushes_and_starts_over()
    {
        var b = Buffer();
        Push(b, 100);
        Push(b, 102); // waiting for 101
        Assert.Equal(RtpReorderResult.Held, Push(b, 30000));
        Assert.Equal("100", Released());
        Assert.Equal(RtpReorderResult.Restarted, Push(b, 30001));
        Assert.Equal("!102 !30000 30001", Released());
        Push(b, 30002);
        Assert.Equal("30002", Released());
        Assert.Equal(1, b.Restarts);
    }

    [Fact]
    public void Unconfirmed_jump_is_discarded()
    {
        var b = Buffer();
        Push(b, 100);
        Assert.Equal(RtpReorderResult.Held, Push(b, 40000));
        Push(b, 101);
        Assert.Equal("100 101", Released());
        Assert.Equal(1, b.PacketsDiscarded);
        Assert.Equal(0, b.Restarts);
    }

    [Fact]
    public void New_ssrc_restarts_at_once()
    {
        var b = Buffer();
        Push(b, 5, ssrc: 1);
        Push(b, 7, ssrc: 1);
        Assert.Equal(RtpReorderResult.Restarted, Push(b, 900, ssrc: 2));
        Assert.Equal("5 !7 !900", Released());
        Push(b, 901, ssrc: 2);
        Assert.Equal("901", Released());
    }

    [Fact]
    public void Flush_releases_everything_with_loss_marks()
    {
        var b = Buffer();
        Push(b, 1);
        Push(b, 3);
        Push(b, 6);
        b.Flush(_out);
        Assert.Equal("1 !3 !6", Released());
        Assert.Equal(3, b.PacketsLost);
        Assert.Equal(0, b.Count);
    }

    [Fact]
    public void Deadline_follows_the_oldest_waiting_packet()
    {
        var b = Buffer();
        Push(b, 1, now: 0);
        Push(b, 4, now: 50);
        Push(b, 3, now: 60);
        Assert.Equal(150, b.NextDeadline);
        b.Drain(150, _out);
        Assert.Equal("1 !3 4", Released());
        Assert.Null(b.NextDeadline);
    }

    [Fact]
    public void Hostile_random_sequence_never_emits_out_of_order_or_overflows()
    {
        var rng = new Random(7);
        var b = Buffer(capacity: 16, delayMs: 5);
        long now = 0;
        ushort baseSeq = 65000;
        long lastEmitted = -1;
        var unwrap = new RtpSequenceUnwrapper();
        for (int i = 0; i < 20000; i++)
        {
            now += rng.Next(3);
            ushort seq = (ushort)(baseSeq + i + rng.Next(-20, 20));
            b.Push(RtpTestPackets.Packet(seq), now, _out);
            if (i % 50 == 0) b.Drain(now, _out);
            Assert.InRange(b.Count, 0, 16);
            foreach (var p in _out)
            {
                unwrap.Unwrap(p.Packet.SequenceNumber, out long ext);
                Assert.True(ext > lastEmitted, $"{ext} after {lastEmitted}");
                lastEmitted = ext;
            }
            _out.Clear();
        }
    }
}
