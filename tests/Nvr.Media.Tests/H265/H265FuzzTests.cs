using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H265;
using Nvr.Media.Tests.H264;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.H265;

/// <summary>Replays the seed corpora and their mutations; nothing may throw, nothing may exceed its bound.</summary>
public class H265FuzzTests
{
    private const int MaxUnitSize = 64 * 1024;

    [Fact]
    public void SpsCorpus()
    {
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h265-sps"))
        {
            if (H265Sps.TryParse(input, out var sps))
            {
                parsed++;
                Assert.InRange(sps.Width, 1, 32768);
                Assert.InRange(sps.Height, 1, 32768);
                _ = sps.CodecString;
            }
            H265Vps.TryParse(input, out _);
            H265Pps.TryParse(input, out _);
            try
            {
                H265Sps.Parse(input);
            }
            catch (BitstreamException)
            {
            }
        }
        Assert.True(parsed > 10);
    }

    [Fact]
    public void HvcCCorpus()
    {
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h265-hvcc"))
        {
            if (!HevcDecoderConfigurationRecord.TryParse(input, out var record)) continue;
            parsed++;
            int total = record.VideoParameterSets.Concat(record.SequenceParameterSets).Concat(record.PictureParameterSets).Sum(n => n.Length);
            Assert.True(total <= input.Length);
            _ = record.CodecString();
        }
        Assert.True(parsed > 2);
    }

    [Fact]
    public void RtpCorpus()
    {
        long units = 0, malformed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h265-rtp", mutationsPerSeed: 100))
        {
            var depacketizer = new H265Depacketizer(maxUnitSize: MaxUnitSize);
            var output = RtpCorpusFile.Replay(input, depacketizer);
            malformed += depacketizer.PacketsMalformed;
            foreach (var unit in output)
            {
                units++;
                Assert.InRange(unit.Payload.Length, 6, MaxUnitSize);
                var nals = new List<ReadOnlyMemory<byte>>();
                Assert.True(NalUnits.TrySplitLengthPrefixed(unit.Payload, nals));
                Assert.All(nals, n => Assert.True(n.Length >= H265NalUnit.HeaderSize));
                Assert.Equal(H265NalUnit.ContainsIrap(unit.Payload), unit.IsKeyframe);
                AssertRepacketizes(unit.Payload);
            }
        }
        Assert.True(units > 0);
        Assert.True(malformed > 0);
    }

    private static void AssertRepacketizes(byte[] payload)
    {
        var payloads = new List<byte[]>();
        Assert.True(new H265Packetizer(maxPayloadSize: 700).Packetize(payload, payloads));
        var h = new DepacketizerHarness(new H265Depacketizer(maxUnitSize: MaxUnitSize));
        for (int i = 0; i < payloads.Count; i++) h.Push(payloads[i], 0, marker: i == payloads.Count - 1);
        Assert.Equal(payload, Assert.Single(h.Units).Payload);
    }
}
