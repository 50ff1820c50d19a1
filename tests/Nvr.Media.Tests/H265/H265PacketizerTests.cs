using Nvr.Media.Codecs.H265;
using Nvr.Media.Tests.H264;
using static Nvr.Media.Tests.H264.DepacketizerHarness;

namespace Nvr.Media.Tests.H265;

public class H265PacketizerTests
{
    [Fact]
    public void SmallNalUnitsAreAggregated()
    {
        var packetizer = new H265Packetizer(maxPayloadSize: 100);
        var payloads = new List<byte[]>();
        // AUD (TID 1), a TID-2 SEI: the AP header takes the lowest TID and LayerId.
        Assert.True(packetizer.Packetize(LengthPrefixed("460150", "4E0205FF80"), payloads));
        Assert.Equal(Convert.FromHexString("6001" + "0003460150" + "00054E0205FF80"), Assert.Single(payloads));
    }

    [Fact]
    public void LargeNalUnitIsFragmented()
    {
        var nal = "2601" + string.Concat(Enumerable.Range(0, 200).Select(i => (i % 256).ToString("X2")));
        var packetizer = new H265Packetizer(maxPayloadSize: 100);
        var payloads = new List<byte[]>();
        Assert.True(packetizer.Packetize(LengthPrefixed(nal), payloads));
        // 200 data bytes in 97-byte chunks: 3 FUs.
        Assert.Equal(3, payloads.Count);
        Assert.Equal([0x62, 0x01, 0x93], payloads[0][..3]);
        Assert.Equal([0x62, 0x01, 0x13], payloads[1][..3]);
        Assert.Equal([0x62, 0x01, 0x53], payloads[2][..3]);
        Assert.All(payloads, p => Assert.True(p.Length <= 100));
        var data = payloads.SelectMany(p => p[3..]).ToArray();
        Assert.Equal(Convert.FromHexString(nal)[2..], data);
    }

    [Fact]
    public void PacketizeThenDepacketizeIsIdentity()
    {
        var unit = LengthPrefixed(H265SpsTests.X265Vps1080, H265SpsTests.X265Sps1080, H265SpsTests.X265Pps, "2601AF" + new string('5', 4000));
        var payloads = new List<byte[]>();
        Assert.True(new H265Packetizer(maxPayloadSize: 300).Packetize(unit, payloads));
        var h = new DepacketizerHarness(new H265Depacketizer());
        for (int i = 0; i < payloads.Count; i++) h.Push(payloads[i], 0, marker: i == payloads.Count - 1);
        Assert.Equal(unit, Assert.Single(h.Units).Payload);
    }

    [Fact]
    public void RejectsMalformedInput()
    {
        var payloads = new List<byte[]>();
        Assert.False(new H265Packetizer().Packetize(Convert.FromHexString("0000000126"), payloads)); // 1-byte NAL unit
        Assert.False(new H265Packetizer().Packetize(Convert.FromHexString("000000052601"), payloads));
        Assert.Empty(payloads);
        Assert.Throws<ArgumentOutOfRangeException>(() => new H265Packetizer(maxPayloadSize: 3));
        Assert.Throws<ArgumentException>(() => new H265Packetizer().Packetize([new byte[] { 0x26 }], payloads));
    }
}
