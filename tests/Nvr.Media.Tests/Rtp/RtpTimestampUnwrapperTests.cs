using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpTimestampUnwrapperTests
{
    [Theory]
    [InlineData(new uint[] { 0xFFFFF000, 0xFFFFFFFF, 0, 0x1000 }, new long[] { 0xFFFFF000, 0xFFFFFFFF, 0x100000000, 0x100001000 })]
    [InlineData(new uint[] { 9000, 3000, 12000 }, new long[] { 9000, 3000, 12000 })] // B-frame steps back
    [InlineData(new uint[] { 0x10, 0xFFFFFFF0, 0x20 }, new long[] { 0x10, -0x10, 0x20 })] // back across the wrap
    [InlineData(new uint[] { 0xFFFFFFFF, 0x7FFFFFFE }, new long[] { 0xFFFFFFFF, 0x17FFFFFFE })] // forward by 2^31 − 1
    public void Extends_across_wraps_and_small_backward_steps(uint[] input, long[] expected)
    {
        var u = new RtpTimestampUnwrapper();
        Assert.Equal(expected, input.Select(u.Unwrap).ToArray());
    }

    [Fact]
    public void Several_wraps_accumulate()
    {
        var u = new RtpTimestampUnwrapper();
        long last = 0;
        uint ts = 0;
        for (int i = 0; i < 10; i++)
        {
            for (int step = 0; step < 4; step++)
            {
                ts += 0x40000000;
                last = u.Unwrap(ts);
            }
        }
        Assert.Equal(40L * 0x40000000, last); // ten full wraps of 2^32
    }
}
