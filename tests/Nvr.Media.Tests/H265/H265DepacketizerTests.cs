using Nvr.Media.Codecs.H265;
using Nvr.Media.Tests.H264;
using static Nvr.Media.Tests.H264.DepacketizerHarness;

namespace Nvr.Media.Tests.H265;

public class H265DepacketizerTests
{
    private static readonly string Vps = H265SpsTests.X265Vps1080.ToUpperInvariant();
    private static readonly string Sps = H265SpsTests.X265Sps1080.ToUpperInvariant();
    private static readonly string Pps = H265SpsTests.X265Pps.ToUpperInvariant();
    private const string Aud = "460150";
    private const string PrefixSei = "4E0105FF80";
    // IDR_W_RADL (19) slice, first_slice_segment_in_pic_flag = 1; TRAIL_R (1) slices starting and continuing a picture.
    private const string Idr = "2601AF0011223344556677889900AABBCCDDEEFF";
    private const string Trail = "0201D0112233";
    private const string Trail2 = "02010A445566";
    // CRA (21), also IRAP.
    private const string Cra = "2A01AF1234";

    private static DepacketizerHarness NewHarness(int maxUnitSize = H265Depacketizer.DefaultMaxUnitSize, byte[]? vps = null, byte[]? sps = null, byte[]? pps = null)
        => new(new H265Depacketizer(vps, sps, pps, maxUnitSize));

    private static H265Depacketizer D(DepacketizerHarness h) => (H265Depacketizer)h.Depacketizer;

    [Fact]
    public void SingleNalUnitPackets()
    {
        var h = NewHarness();
        h.Push(Vps, 0);
        h.Push(Sps, 0);
        h.Push(Pps, 0);
        h.Push(Idr, 0, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.True(unit.IsKeyframe);
        Assert.Equal([Vps, Sps, Pps, Idr], NalUnitsOf(unit));
        Assert.Equal(Convert.FromHexString(Vps), D(h).CurrentVps);
        Assert.Equal(Convert.FromHexString(Sps), D(h).CurrentSps);
        Assert.Equal(Convert.FromHexString(Pps), D(h).CurrentPps);
        Assert.Equal(1, D(h).ParameterSetsVersion);

        h.Push(Trail, 3600, marker: true);
        Assert.False(h.Units[1].IsKeyframe);
        h.Push(Cra, 7200, marker: true);
        Assert.True(h.Units[2].IsKeyframe);
    }

    [Fact]
    public void AggregationPacket()
    {
        var h = NewHarness();
        // AP PayloadHdr: type 48, LayerId 0, TID 1 → 0x60 0x01.
        h.Push("6001" + "0003" + Aud + "0018" + Vps + "002A" + Sps + "0007" + Pps + "0005" + PrefixSei, 0);
        h.Push(Idr, 0, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.Equal([Vps, Sps, Pps, PrefixSei, Idr], NalUnitsOf(unit)); // AUD left out
        Assert.Equal(1, D(h).ParameterSetsVersion);
    }

    [Fact]
    public void FragmentationUnitStartMiddleEnd()
    {
        var h = NewHarness();
        // FU PayloadHdr: type 49 (0x62), LayerId/TID copied (0x01); FU header S/E + type 19.
        h.Push("6201" + "93" + Idr[4..16], 0);
        h.Push("6201" + "13" + Idr[16..28], 0);
        h.Push("6201" + "53" + Idr[28..], 0, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.Equal(LengthPrefixed(Idr), unit.Payload);
        Assert.True(unit.IsKeyframe);
    }

    [Fact]
    public void LossMidFuDropsUnitAndNextUnitIsFine()
    {
        var h = NewHarness();
        h.Push("6201" + "93" + Idr[4..16], 0);
        h.Push("6201" + "53" + Idr[28..], 0, marker: true, lossBefore: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(Trail, 3600, marker: true);
        Assert.Equal([Trail], NalUnitsOf(Assert.Single(h.Units)));
    }

    [Fact]
    public void FuOfAnotherTypeOrWithoutStartBreaksTheUnit()
    {
        var h = NewHarness();
        h.Push("6201" + "93" + Idr[4..16], 0);
        h.Push("6201" + "41" + "AABB", 0, marker: true); // end fragment of a TRAIL_R while an IDR is open
        h.Push("6201" + "01" + "AABB", 3600);             // middle without start
        h.Push(Trail, 3600, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(2, h.Depacketizer.UnitsDroppedForLoss);
        h.Push(Trail, 7200, marker: true);
        Assert.Single(h.Units);
    }

    [Fact]
    public void TimestampChangeEndsUnitWithoutMarker()
    {
        var h = NewHarness();
        h.Push(Idr, 0);
        h.Push(Trail, 3600);
        h.Push(Trail2, 3600);
        Assert.Equal([Idr], NalUnitsOf(Assert.Single(h.Units)));
        h.Flush();
        Assert.Equal([Trail, Trail2], NalUnitsOf(h.Units[1]));
    }

    [Fact]
    public void AudAfterASliceStartsTheNextUnit()
    {
        var h = NewHarness();
        h.Push(Trail, 0);
        h.Push(Aud, 0);
        Assert.Equal([Trail], NalUnitsOf(Assert.Single(h.Units)));
        h.Push(Vps, 0);
        h.Push(PrefixSei, 3600);
        h.Push(Idr, 3600);
        h.Push(PrefixSei, 3600); // prefix SEI may sit between slices of one H.265 picture
        h.Push(Trail2, 3600, marker: true);
        Assert.Equal(2, h.Units.Count);
        Assert.Equal([Vps, PrefixSei, Idr, PrefixSei, Trail2], NalUnitsOf(h.Units[1]));
        Assert.Equal(3600, h.Units[1].Timestamp);
    }

    [Fact]
    public void ParameterSetChangeIncrementsVersion()
    {
        var h = NewHarness(vps: Convert.FromHexString(Vps), sps: Convert.FromHexString(Sps), pps: Convert.FromHexString(Pps));
        h.Push(Vps, 0);
        h.Push(Sps, 0);
        h.Push(Pps, 0);
        h.Push(Idr, 0, marker: true);
        Assert.Equal(0, D(h).ParameterSetsVersion);

        var newSps = H265SpsTests.X265Main10At30.ToUpperInvariant();
        h.Push(newSps, 3600);
        h.Push(Idr, 3600, marker: true);
        Assert.Equal(1, D(h).ParameterSetsVersion);
        Assert.Equal(Convert.FromHexString(newSps), D(h).CurrentSps);

        var newVps = H265SpsTests.DahuaVps.ToUpperInvariant();
        h.Push("6001" + "0017" + newVps + "002A" + Sps, 7200);
        h.Push(Idr, 7200, marker: true);
        Assert.Equal(2, D(h).ParameterSetsVersion); // VPS and SPS changed together: one step
        Assert.Equal(Convert.FromHexString(newVps), D(h).CurrentVps);
        Assert.Equal(Convert.FromHexString(Sps), D(h).CurrentSps);
    }

    [Fact]
    public void OversizedUnitIsDropped()
    {
        var h = NewHarness(maxUnitSize: 100);
        h.Push("6201" + "93" + new string('A', 120), 0);
        h.Push("6201" + "53" + new string('B', 120), 0, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedOversize);
        h.Push(Idr, 3600, marker: true);
        Assert.Single(h.Units);
    }

    [Theory]
    [InlineData("")]
    [InlineData("26")]                    // one byte: no room for the NAL header
    [InlineData("A601AF00")]              // forbidden bit
    [InlineData("2600AF00")]              // nuh_temporal_id_plus1 = 0
    [InlineData("6401000000")]            // PACI (50)
    [InlineData("7E01AABB")]              // unspecified type 63
    [InlineData("6001")]                  // AP without units
    [InlineData("60010005260101")]        // AP unit size past the end
    [InlineData("6001000126")]            // AP unit shorter than a NAL header
    [InlineData("600100036001AA")]        // AP nesting an AP
    [InlineData("6201")]                  // FU without FU header
    [InlineData("6201B0AA")]              // FU of type 48
    public void MalformedPacketsAreCounted(string payload)
    {
        var h = NewHarness();
        h.Push(Vps, 0);
        h.Push(payload, 0);
        h.Push(Idr, 0, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.PacketsMalformed);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(Idr, 3600, marker: true);
        Assert.Single(h.Units);
    }

    [Fact]
    public void AfterLossAUnitWithoutItsFirstSliceSegmentIsDropped()
    {
        var h = NewHarness();
        h.Push(Trail, 0, marker: true);
        h.Push(Trail2, 3600, marker: true, lossBefore: true);
        Assert.Single(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);
        h.Push(Trail, 7200, lossBefore: true);
        h.Push(Trail2, 7200, marker: true);
        Assert.Equal(2, h.Units.Count);
    }
}
