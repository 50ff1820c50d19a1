using Nvr.Media.Codecs.Mjpeg;
using Nvr.Media.Rtp;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.Mjpeg;

/// <summary>
/// Replays the <c>mjpeg-rtp</c> corpus through one depacketizer (frames from two real peers, so
/// state carries across inputs). No exception is declared for bad input; JPEGs stay under the
/// bound and always start with SOI and end with EOI.
/// </summary>
public class MjpegFuzzTests
{
    [Fact]
    public void Mjpeg_rtp_corpus_never_throws_and_stays_bounded()
    {
        const int max = 64 * 1024;
        var d = new MjpegDepacketizer(max);
        var output = new List<DepacketizedUnit>();
        int i = 0, frames = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("mjpeg-rtp"))
        {
            if (!RtpPacket.TryParse(input, out var packet))
                packet = new RtpPacket(26, (i & 3) == 0, (ushort)i, (uint)(i / 4), 1, input);
            long before = GC.GetAllocatedBytesForCurrentThread();
            d.Push(packet, packet.Timestamp, lossBefore: i % 11 == 0, output);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 2 * max + 4096, $"input {i}: {allocated} bytes");
            foreach (var u in output)
            {
                Assert.InRange(u.Payload.Length, 4, max);
                Assert.Equal([0xFF, 0xD8], u.Payload[..2]);
                Assert.Equal([0xFF, 0xD9], u.Payload[^2..]);
            }
            frames += output.Count;
            output.Clear();
            i++;
        }
        Assert.True(frames > 0);
    }
}
