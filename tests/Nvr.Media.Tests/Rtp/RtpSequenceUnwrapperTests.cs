using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpSequenceUnwrapperTests
{
    private static (RtpSequenceStatus Status, long Extended)[] Run(params ushort[] sequence)
    {
        var u = new RtpSequenceUnwrapper();
        return sequence.Select(s => (u.Unwrap(s, out long e), e)).ToArray();
    }

    [Fact]
    public void Wraps_from_65535_to_0()
    {
        var r = Run(65534, 65535, 0, 1);
        Assert.Equal([(RtpSequenceStatus.First, 65534L), (RtpSequenceStatus.InOrder, 65535L), (RtpSequenceStatus.InOrder, 65536L), (RtpSequenceStatus.InOrder, 65537L)], r);
    }

    [Fact]
    public void Late_packet_from_before_the_wrap_keeps_the_old_cycle()
    {
        var r = Run(65535, 1, 0, 65534);
        Assert.Equal([(RtpSequenceStatus.First, 65535L), (RtpSequenceStatus.InOrder, 65537L), (RtpSequenceStatus.Old, 65536L), (RtpSequenceStatus.Old, 65534L)], r);
    }

    [Fact]
    public void Gap_below_max_dropout_is_in_order_and_duplicate_is_old()
    {
        var r = Run(100, 100 + 2999, 100 + 2999);
        Assert.Equal([(RtpSequenceStatus.First, 100L), (RtpSequenceStatus.InOrder, 3099L), (RtpSequenceStatus.Old, 3099L)], r);
    }

    [Fact]
    public void Jump_is_invalid_until_the_next_packet_confirms_a_restart()
    {
        var u = new RtpSequenceUnwrapper();
        u.Unwrap(65000, out _);
        u.Unwrap(65001, out _);
        Assert.Equal(RtpSequenceStatus.Invalid, u.Unwrap(20000, out long e1));
        Assert.Equal(-1, e1);
        Assert.Equal(65001, u.Highest);
        Assert.Equal(RtpSequenceStatus.Restarted, u.Unwrap(20001, out long e2));
        // Above everything returned so far, low 16 bits equal to the wire value.
        Assert.Equal(65536 + 20001, e2);
        Assert.Equal(65536 + 20001, u.Base);
        Assert.Equal(RtpSequenceStatus.InOrder, u.Unwrap(20002, out long e3));
        Assert.Equal(e2 + 1, e3);
    }

    [Fact]
    public void Unconfirmed_jump_does_not_disturb_the_stream()
    {
        var r = Run(10, 11, 40000, 12, 13);
        Assert.Equal(RtpSequenceStatus.Invalid, r[2].Status);
        Assert.Equal((RtpSequenceStatus.InOrder, 12L), r[3]);
        Assert.Equal((RtpSequenceStatus.InOrder, 13L), r[4]);
    }

    [Fact]
    public void Step_back_beyond_max_misorder_is_a_jump()
    {
        var r = Run(1000, 1000 - 101, 1000 - 100);
        Assert.Equal(RtpSequenceStatus.Invalid, r[1].Status);
        Assert.Equal((RtpSequenceStatus.Old, 900L), r[2]);
    }
}
