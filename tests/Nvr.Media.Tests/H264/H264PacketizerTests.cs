using Nvr.Media.Codecs.H264;
using static Nvr.Media.Tests.H264.DepacketizerHarness;

namespace Nvr.Media.Tests.H264;

public class H264PacketizerTests
{
    [Fact]
    public void SmallNalUnitsAreAggregatedIntoStapA()
    {
        var packetizer = new H264Packetizer(maxPayloadSize: 100);
        var payloads = new List<byte[]>();
        Assert.True(packetizer.Packetize(LengthPrefixed("0910", "674D", "68EE", "0605FF"), payloads));
        var stap = Assert.Single(payloads);
        // F=0, NRI = max(0,3,3,0) = 3 → 0x60 | 24.
        Assert.Equal(Convert.FromHexString("78" + "00020910" + "0002674D" + "000268EE" + "00030605FF"), stap);
    }

    [Fact]
    public void WithoutAggregationEachSmallNalUnitIsASinglePacket()
    {
        var packetizer = new H264Packetizer(maxPayloadSize: 100, aggregate: false);
        var payloads = new List<byte[]>();
        Assert.True(packetizer.Packetize(LengthPrefixed("674D", "68EE"), payloads));
        Assert.Equal([Convert.FromHexString("674D"), Convert.FromHexString("68EE")], payloads);
    }

    [Fact]
    public void LargeNalUnitIsFragmentedIntoFuAWithinTheMtu()
    {
        var nal = "65" + string.Concat(Enumerable.Range(0, 250).Select(i => (i % 256).ToString("X2")));
        var packetizer = new H264Packetizer(maxPayloadSize: 100);
        var payloads = new List<byte[]>();
        Assert.True(packetizer.Packetize(LengthPrefixed("674D", nal, "0605FF"), payloads));
        // 674D alone (next NAL too big to join), 250 data bytes in 98-byte chunks = 3 FUs, then 0605FF.
        Assert.Equal(5, payloads.Count);
        Assert.Equal(Convert.FromHexString("674D"), payloads[0]);
        Assert.All(payloads, p => Assert.True(p.Length <= 100));
        Assert.Equal([0x7C, 0x85], payloads[1][..2]);
        Assert.Equal([0x7C, 0x05], payloads[2][..2]);
        Assert.Equal([0x7C, 0x45], payloads[3][..2]);
        Assert.Equal(100, payloads[1].Length);
        Assert.Equal(2 + 250 - 2 * 98, payloads[3].Length);
        var data = payloads[1][2..].Concat(payloads[2][2..]).Concat(payloads[3][2..]).ToArray();
        Assert.Equal(Convert.FromHexString(nal)[1..], data);
    }

    [Fact]
    public void PacketizeThenDepacketizeIsIdentity()
    {
        var unit = LengthPrefixed(H264SpsTests.X264High1080, "68EBE3CB22C0", "65" + new string('A', 3000));
        var payloads = new List<byte[]>();
        new H264Packetizer(maxPayloadSize: 500).Packetize(unit, payloads);
        var h = new DepacketizerHarness(new H264Depacketizer());
        for (int i = 0; i < payloads.Count; i++) h.Push(payloads[i], 0, marker: i == payloads.Count - 1);
        Assert.Equal(unit, Assert.Single(h.Units).Payload);
    }

    [Fact]
    public void RejectsMalformedInputAndTinyMtu()
    {
        var payloads = new List<byte[]>();
        Assert.False(new H264Packetizer().Packetize(Convert.FromHexString("0000000565"), payloads));
        Assert.Empty(payloads);
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(maxPayloadSize: 2));
        Assert.Throws<ArgumentException>(() => new H264Packetizer().Packetize([ReadOnlyMemory<byte>.Empty], payloads));
    }
}
