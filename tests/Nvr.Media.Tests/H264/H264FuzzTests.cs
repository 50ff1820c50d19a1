using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.H264;

/// <summary>Replays the seed corpora and their mutations; nothing may throw, nothing may exceed its bound.</summary>
public class H264FuzzTests
{
    private const int MaxUnitSize = 64 * 1024;

    [Fact]
    public void SpsCorpus()
    {
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h264-sps"))
        {
            if (H264Sps.TryParse(input, out var sps))
            {
                parsed++;
                Assert.InRange(sps.Width, 1, 2048 * 16);
                Assert.InRange(sps.Height, 1, 2 * 2048 * 16);
            }
            H264Pps.TryParse(input, out _);
            // Both fail only through their declared exception.
            try
            {
                H264Sps.Parse(input);
            }
            catch (BitstreamException)
            {
            }
        }
        Assert.True(parsed > 10);
    }

    [Fact]
    public void AvcCCorpus()
    {
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h264-avcc"))
        {
            if (!AvcDecoderConfigurationRecord.TryParse(input, out var record)) continue;
            parsed++;
            Assert.True(record.SequenceParameterSets.Sum(s => s.Length) + record.PictureParameterSets.Sum(p => p.Length) <= input.Length);
        }
        Assert.True(parsed > 2);
    }

    [Fact]
    public void RtpCorpus()
    {
        long units = 0, malformed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("h264-rtp", mutationsPerSeed: 100))
        {
            var depacketizer = new H264Depacketizer(maxUnitSize: MaxUnitSize);
            var output = RtpCorpusFile.Replay(input, depacketizer);
            malformed += depacketizer.PacketsMalformed;
            foreach (var unit in output)
            {
                units++;
                Assert.InRange(unit.Payload.Length, 5, MaxUnitSize);
                var nals = new List<ReadOnlyMemory<byte>>();
                Assert.True(NalUnits.TrySplitLengthPrefixed(unit.Payload, nals));
                Assert.Equal(H264NalUnit.ContainsIdr(unit.Payload), unit.IsKeyframe);
                Assert.DoesNotContain(nals, n => H264NalUnit.TypeOf(n.Span) == H264NalUnitType.AccessUnitDelimiter);
                AssertRepacketizes(unit.Payload);
            }
        }
        Assert.True(units > 0);
        Assert.True(malformed > 0);
    }

    /// <summary>Whatever the depacketizer emits, the packetizer sends again and the depacketizer takes back unchanged.</summary>
    private static void AssertRepacketizes(byte[] payload)
    {
        var payloads = new List<byte[]>();
        Assert.True(new H264Packetizer(maxPayloadSize: 700).Packetize(payload, payloads));
        var h = new DepacketizerHarness(new H264Depacketizer(maxUnitSize: MaxUnitSize));
        for (int i = 0; i < payloads.Count; i++) h.Push(payloads[i], 0, marker: i == payloads.Count - 1);
        Assert.Equal(payload, Assert.Single(h.Units).Payload);
    }
}
