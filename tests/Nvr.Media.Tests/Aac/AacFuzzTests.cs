using Nvr.Media.Codecs.Aac;
using Nvr.Media.Rtp;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.Aac;

/// <summary>
/// Replays the <c>aac-rtp</c> corpus through one depacketizer (state carries across inputs, so
/// fragments meet foreign packets). Inputs that are not RTP are fed as bare payloads. The
/// depacketizer declares no exception for bad input; units stay under its bound.
/// </summary>
public class AacFuzzTests
{
    [Theory]
    [InlineData("1190", 0)]
    [InlineData("1408", 1)]
    public void Aac_rtp_corpus_never_throws_and_stays_bounded(string config, int layout)
    {
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString(config), out var asc));
        var parameters = layout == 0
            ? Mpeg4GenericParameters.AacHbr
            : new Mpeg4GenericParameters { CtsDeltaLength = 4, DtsDeltaLength = 3, RandomAccessIndication = true, StreamStateIndication = 2, AuxiliaryDataSizeLength = 5 };
        var d = new AacDepacketizer(asc!, asc!.SampleRate, parameters, maxUnitSize: 4096);
        var output = new List<DepacketizedUnit>();
        int i = 0, emitted = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("aac-rtp"))
        {
            if (!RtpPacket.TryParse(input, out var packet))
                packet = new RtpPacket(97, (i & 1) != 0, (ushort)i, (uint)(i * 1024), 1, input);
            long before = GC.GetAllocatedBytesForCurrentThread();
            d.Push(packet, packet.Timestamp, lossBefore: i % 7 == 0, output);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 4096 + 8192 + 64L * input.Length, $"input {i}: {allocated} bytes");
            Assert.All(output, u => Assert.InRange(u.Payload.Length, 1, 4096));
            emitted += output.Count;
            output.Clear();
            i++;
        }
        d.Flush(output);
        Assert.Empty(output);
        if (layout == 0) Assert.True(emitted > 0, "the real ffmpeg seeds must yield frames");
    }
}
