using System.Buffers;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;

namespace Nvr.Media.Tests.H264;

public class AnnexBTests
{
    [Fact]
    public void SplitsThreeAndFourByteStartCodesAndStripsTrailingZeros()
    {
        // garbage | 4-byte SC | SPS | 3-byte SC | PPS + trailing zeros | 4-byte SC | IDR
        var stream = Convert.FromHexString("FF" + "00000001" + "6742C01E" + "000001" + "68CE3C80" + "0000" + "00000001" + "658884");
        var nals = AnnexB.Split(stream);
        Assert.Equal(3, nals.Count);
        Assert.Equal(Convert.FromHexString("6742C01E"), nals[0].ToArray());
        Assert.Equal(Convert.FromHexString("68CE3C80"), nals[1].ToArray());
        Assert.Equal(Convert.FromHexString("658884"), nals[2].ToArray());

        var enumerated = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(stream)) enumerated.Add(nal.ToArray());
        Assert.Equal(nals.Select(n => n.ToArray()), enumerated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("000000")]
    [InlineData("6742C01E")] // no start code at all
    [InlineData("00000001")] // start code without NAL unit
    [InlineData("0000000100000001")]
    public void NoNalUnits(string hex)
    {
        var data = Convert.FromHexString(hex);
        Assert.Empty(AnnexB.Split(data));
        Assert.Empty(AnnexB.ToLengthPrefixed(data));
    }

    [Fact]
    public void ConvertsToLengthPrefixedAndBack()
    {
        var stream = Convert.FromHexString("00000001" + "6742C01E" + "000001" + "68CE3C80" + "00000001" + "65888400");
        var avcc = AnnexB.ToLengthPrefixed(stream);
        Assert.Equal(Convert.FromHexString("00000004" + "6742C01E" + "00000004" + "68CE3C80" + "00000003" + "658884"), avcc);

        var back = AnnexB.FromLengthPrefixed(avcc);
        Assert.NotNull(back);
        Assert.Equal(Convert.FromHexString("00000001" + "6742C01E" + "00000001" + "68CE3C80" + "00000001" + "658884"), back);
    }

    [Theory]
    [InlineData("000000")]             // truncated length
    [InlineData("0000000567")]         // length past the end
    [InlineData("00000000")]           // zero length
    [InlineData("00000001650000")]     // good NAL unit then a truncated length
    public void MalformedLengthPrefixedIsReported(string hex)
    {
        var data = Convert.FromHexString(hex);
        Assert.Null(AnnexB.FromLengthPrefixed(data));
        Assert.False(NalUnits.TrySplitLengthPrefixed(data, []));
        var writer = new ArrayBufferWriter<byte>();
        Assert.False(AnnexB.FromLengthPrefixed(data, writer));
    }

    [Fact]
    public void SplitsLengthPrefixedWithOtherLengthSizes()
    {
        var nals = new List<ReadOnlyMemory<byte>>();
        Assert.True(NalUnits.TrySplitLengthPrefixed(Convert.FromHexString("0002AABB" + "0001CC"), nals, lengthSize: 2));
        Assert.Equal([Convert.FromHexString("AABB"), Convert.FromHexString("CC")], nals.Select(n => n.ToArray()));
    }

    [Theory]
    [InlineData(0x65, H264NalUnitType.IdrSlice)]
    [InlineData(0x41, H264NalUnitType.NonIdrSlice)]
    [InlineData(0x67, H264NalUnitType.Sps)]
    [InlineData(0x68, H264NalUnitType.Pps)]
    [InlineData(0x06, H264NalUnitType.Sei)]
    [InlineData(0x09, H264NalUnitType.AccessUnitDelimiter)]
    [InlineData(0x7C, H264NalUnitType.FuA)]
    public void H264NalTypes(byte header, H264NalUnitType expected)
    {
        Assert.Equal(expected, H264NalUnit.TypeOf(header));
    }

    [Theory]
    [InlineData(0x40, H265NalUnitType.Vps, false)]
    [InlineData(0x42, H265NalUnitType.Sps, false)]
    [InlineData(0x44, H265NalUnitType.Pps, false)]
    [InlineData(0x46, H265NalUnitType.AccessUnitDelimiter, false)]
    [InlineData(0x26, H265NalUnitType.IdrWRadl, true)]
    [InlineData(0x28, H265NalUnitType.IdrNLp, true)]
    [InlineData(0x2A, H265NalUnitType.CraNut, true)]
    [InlineData(0x20, H265NalUnitType.BlaWLp, true)]
    [InlineData(0x02, H265NalUnitType.TrailR, false)]
    [InlineData(0x62, H265NalUnitType.FragmentationUnit, false)]
    public void H265NalTypes(byte header, H265NalUnitType expected, bool irap)
    {
        Assert.Equal(expected, H265NalUnit.TypeOf(header));
        Assert.Equal(irap, H265NalUnit.IsIrap(expected));
    }

    [Fact]
    public void KeyframeDetectionOnLengthPrefixedUnits()
    {
        Assert.True(H264NalUnit.ContainsIdr(Convert.FromHexString("00000002" + "6742" + "00000002" + "6588")));
        Assert.False(H264NalUnit.ContainsIdr(Convert.FromHexString("00000002" + "4188")));
        Assert.True(H265NalUnit.ContainsIrap(Convert.FromHexString("00000003" + "2601AF")));
        Assert.False(H265NalUnit.ContainsIrap(Convert.FromHexString("00000003" + "0201D0")));
    }
}
