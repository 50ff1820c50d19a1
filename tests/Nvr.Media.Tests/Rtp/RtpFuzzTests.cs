using Nvr.Media.Codecs.G711;
using Nvr.Media.Rtp;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.Rtp;

/// <summary>
/// Replays the <c>rtp</c> and <c>rtcp</c> corpora (seeds + deterministic mutations). None of
/// these parsers declares an exception for bad input, so any exception fails the test; each
/// input's allocation is bounded by a small multiple of its size.
/// </summary>
public class RtpFuzzTests
{
    [Fact]
    public void Rtp_corpus_through_parser_reorder_buffer_stats_and_g711()
    {
        var reorder = new RtpReorderBuffer(RtpReorderBuffer.DefaultCapacity, TimeSpan.FromMilliseconds(50), 1000);
        var stats = new RtpReceiverStats(8000, 1000);
        var g711 = new G711Depacketizer(MediaCodec.Pcmu);
        var released = new List<RtpReorderedPacket>();
        var units = new List<DepacketizedUnit>();
        long now = 0;
        int index = 0, parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("rtp"))
        {
            now += 7;
            if (RtpPacket.TryParse(input, out var packet))
            {
                parsed++;
                Assert.InRange(packet.Payload.Length, 0, input.Length - RtpPacket.FixedHeaderSize);
                stats.Update(packet, now);
                reorder.Push(packet, now, released);
            }
            reorder.Drain(now, released);
            Assert.InRange(reorder.Count, 0, RtpReorderBuffer.DefaultCapacity);
            foreach (var r in released) g711.Push(r.Packet, r.Packet.Timestamp, r.LossBefore, units);
            Assert.All(units, u => Assert.InRange(u.Payload.Length, 1, g711.MaxUnitSize));
            released.Clear();
            units.Clear();
            index++;
        }
        Assert.True(stats.TryCreateReportBlock(now, out _) || parsed == 0);
        Assert.True(parsed > 0, "no input parsed at all");
        Assert.True(index > 1000);
    }

    [Fact]
    public void Rtcp_corpus_parses_within_bounds()
    {
        int accepted = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("rtcp"))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool ok = RtcpCompoundPacket.TryParse(input, out var p);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 2048 + 64L * input.Length, $"{allocated} bytes allocated for a {input.Length}-byte input");
            if (!ok) continue;
            accepted++;
            int entries = p.SenderReports.Count + p.ReceiverReports.Count + p.SourceDescriptions.Count + p.Goodbyes.Count
                + p.SenderReports.Sum(s => s.ReportBlocks.Count) + p.ReceiverReports.Sum(r => r.ReportBlocks.Count);
            Assert.True(entries <= input.Length / 4, $"{entries} entries from {input.Length} bytes");
            Assert.All(p.SourceDescriptions, s => Assert.True((s.CName?.Length ?? 0) <= 255));
        }
        Assert.True(accepted > 0);
    }
}
