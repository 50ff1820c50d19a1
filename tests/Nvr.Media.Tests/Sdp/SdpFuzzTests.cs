using Nvr.Media.Sdp;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.Sdp;

public class SdpFuzzTests
{
    [Fact]
    public void Corpus_never_throws_and_stays_bounded()
    {
        int parsed = 0, rejected = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("sdp"))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            if (SdpParser.TryParse(input, out var s, out _))
            {
                parsed++;
                Assert.True(s.Media.Count <= SdpParser.MaxMedia);
                for (int i = 0; i < s.Media.Count; i++)
                {
                    var m = s.Media[i];
                    _ = SdpTrackMapper.ToTrackDescription(m, i);
                    _ = H264FmtpParameters.Parse(m.Fmtp);
                    _ = H265FmtpParameters.Parse(m.Fmtp);
                    _ = Mpeg4GenericParameters.Parse(m.Fmtp);
                    _ = SdpControl.ResolveMedia("rtsp://cam/live/", s, m);
                    _ = s.ConnectionFor(m)?.IsMulticast;
                }
            }
            else rejected++;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Bound: a few copies of the (≤ 64 KiB) text plus per-line objects.
            Assert.True(allocated < 64 * input.Length + 1_000_000, $"allocated {allocated} bytes for {input.Length} input bytes");
        }
        Assert.True(parsed > 100);
        Assert.True(rejected > 0);
    }
}
