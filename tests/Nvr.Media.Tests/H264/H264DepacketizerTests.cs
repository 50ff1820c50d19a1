using Nvr.Media.Codecs.H264;
using static Nvr.Media.Tests.H264.DepacketizerHarness;

namespace Nvr.Media.Tests.H264;

public class H264DepacketizerTests
{
    private static readonly string Sps = H264SpsTests.HikvisionMain1080.ToUpperInvariant();
    private static readonly string Pps = H264SpsTests.HikvisionPps.ToUpperInvariant();
    private const string Sei = "06050102030480";
    private const string Aud = "0910";
    // IDR slice, first_mb_in_slice = 0 (first bit after the header is 1).
    private const string Idr = "65888400AABBCCDDEEFF00112233445566778899";
    // Non-IDR slice starting a picture, and a second slice of the same picture (first_mb_in_slice ≠ 0).
    private const string PSlice = "419A0102030405";
    private const string PSlice2 = "41201122334455";

    private static DepacketizerHarness NewHarness(int maxUnitSize = H264Depacketizer.DefaultMaxUnitSize, byte[]? sps = null, byte[]? pps = null)
        => new(new H264Depacketizer(sps, pps, maxUnitSize));

    private static H264Depacketizer D(DepacketizerHarness h) => (H264Depacketizer)h.Depacketizer;

    [Fact]
    public void SingleNalUnitPacketsUntilMarker()
    {
        var h = NewHarness();
        h.Push(Sps, 90000);
        h.Push(Pps, 90000);
        Assert.Empty(h.Units);
        h.Push(Idr, 90000, marker: true);

        var unit = Assert.Single(h.Units);
        Assert.Equal(90000, unit.Timestamp);
        Assert.True(unit.IsKeyframe);
        Assert.Equal(LengthPrefixed(Sps, Pps, Idr), unit.Payload);
        Assert.Equal(Convert.FromHexString(Sps), D(h).CurrentSps);
        Assert.Equal(Convert.FromHexString(Pps), D(h).CurrentPps);
        Assert.Equal(1, D(h).ParameterSetsVersion);

        h.Push(PSlice, 93600, marker: true);
        Assert.Equal(2, h.Units.Count);
        Assert.False(h.Units[1].IsKeyframe);
        Assert.Equal([PSlice], NalUnitsOf(h.Units[1]));
        Assert.Equal(0, h.Depacketizer.UnitsDroppedForLoss + h.Depacketizer.PacketsMalformed);
    }

    [Fact]
    public void StapAAggregation()
    {
        var h = NewHarness();
        // STAP-A header: F=0, NRI=3 (max of the units), type 24.
        h.Push("78" + "001A" + Sps + "0004" + Pps + "0007" + Sei, 0);
        h.Push(Idr, 0, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.Equal([Sps, Pps, Sei, Idr], NalUnitsOf(unit));
        Assert.True(unit.IsKeyframe);
        Assert.Equal(1, D(h).ParameterSetsVersion);
    }

    [Fact]
    public void FuAFragmentationStartMiddleEnd()
    {
        var idr = Convert.FromHexString(Idr);
        var h = NewHarness();
        // FU indicator keeps F/NRI of the IDR (0x65 → 0x60 | 28 = 0x7C); FU header S/E + type 5.
        h.Push("7C85" + Idr[2..14], 3000);            // start: header byte not repeated
        h.Push("7C05" + Idr[14..26], 3000);           // middle
        h.Push("7C45" + Idr[26..], 3000, marker: true); // end
        var unit = Assert.Single(h.Units);
        Assert.Equal(LengthPrefixed(Idr), unit.Payload);
        Assert.True(unit.IsKeyframe);
        Assert.Equal(idr.Length + 4, unit.Payload.Length);
    }

    [Fact]
    public void LossMidFuDropsAccessUnitAndNextOneIsFine()
    {
        var h = NewHarness();
        h.Push(Sps, 0);
        h.Push("7C85" + Idr[2..14], 0);
        // The middle fragment is lost: the caller flags the end fragment.
        h.Push("7C45" + Idr[26..], 0, marker: true, lossBefore: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(PSlice, 3600, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.Equal([PSlice], NalUnitsOf(unit));
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);
        Assert.Equal(0, D(h).ParameterSetsVersion); // the SPS went with the dropped unit
    }

    [Fact]
    public void FuWithoutStartDropsUnitEvenWithoutLossFlag()
    {
        var h = NewHarness();
        h.Push("7C05" + Idr[14..26], 0);                 // middle without start
        h.Push("7C45" + Idr[26..], 0, marker: true);     // end
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(Idr, 3600, marker: true);
        Assert.Single(h.Units);
    }

    [Fact]
    public void FuWithoutEndDropsUnit()
    {
        var h = NewHarness();
        h.Push("7C85" + Idr[2..14], 0);
        h.Push(PSlice2, 0, marker: true); // a whole NAL unit before the FU ended
        h.Push("7C85" + Idr[2..14], 3600);
        h.Push("7C85" + Idr[2..14], 3600, marker: true); // a second start before the end
        h.Push("7C85" + Idr[2..14], 7200);               // start, then the marker never comes …
        h.Push(PSlice, 10800, marker: true);             // … and the timestamp moves on
        Assert.Equal([PSlice], NalUnitsOf(Assert.Single(h.Units)));
        Assert.Equal(3, h.Depacketizer.UnitsDroppedForLoss);
    }

    [Fact]
    public void TimestampChangeEndsUnitWhenCameraNeverSetsMarker()
    {
        var h = NewHarness();
        h.Push(Sps, 0);
        h.Push(Pps, 0);
        h.Push(Idr, 0);
        Assert.Empty(h.Units);
        h.Push(PSlice, 3600);
        var first = Assert.Single(h.Units);
        Assert.Equal(0, first.Timestamp);
        Assert.Equal([Sps, Pps, Idr], NalUnitsOf(first));

        h.Push(PSlice2, 3600);
        h.Flush();
        Assert.Equal(2, h.Units.Count);
        Assert.Equal(3600, h.Units[1].Timestamp);
        Assert.Equal([PSlice, PSlice2], NalUnitsOf(h.Units[1]));
        h.Flush();
        Assert.Equal(2, h.Units.Count);
    }

    [Fact]
    public void ParameterSetChangeIncrementsVersion()
    {
        var h = NewHarness(sps: Convert.FromHexString(Sps), pps: Convert.FromHexString(Pps));
        Assert.Equal(0, D(h).ParameterSetsVersion);

        h.Push("78" + "001A" + Sps + "0004" + Pps, 0);
        h.Push(Idr, 0, marker: true);
        Assert.Equal(0, D(h).ParameterSetsVersion); // same as the SDP's

        const string newSps = H264SpsTests.X264Main720;
        h.Push(newSps, 3600);
        h.Push(Pps, 3600);
        h.Push(Idr, 3600, marker: true);
        Assert.Equal(1, D(h).ParameterSetsVersion);
        Assert.Equal(Convert.FromHexString(newSps), D(h).CurrentSps);

        h.Push(newSps, 7200);
        h.Push(Idr, 7200, marker: true);
        Assert.Equal(1, D(h).ParameterSetsVersion);

        h.Push("68EE3C81", 10800); // new PPS only
        h.Push(Idr, 10800, marker: true);
        Assert.Equal(2, D(h).ParameterSetsVersion);
        Assert.Equal(Convert.FromHexString("68EE3C81"), D(h).CurrentPps);
        Assert.Equal(4, h.Units.Count);
        Assert.All(h.Units, u => Assert.True(u.IsKeyframe));
    }

    [Fact]
    public void OversizedUnitIsDroppedAndCounted()
    {
        var h = NewHarness(maxUnitSize: 1000);
        var big = "65" + string.Concat(Enumerable.Repeat("88", 1500));
        h.Push("7C85" + big[2..1202], 0);
        h.Push("7C05" + big[1202..2402], 0);
        h.Push("7C45" + big[2402..], 0, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedOversize);
        Assert.Equal(0, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(Sps, 3600);
        h.Push(Idr, 3600, marker: true);
        Assert.Single(h.Units);

        // Exactly at the limit is accepted: 4 + 996 bytes.
        var exact = "65" + string.Concat(Enumerable.Repeat("88", 995));
        h.Push(exact, 7200, marker: true);
        Assert.Equal(1000, h.Units[^1].Payload.Length);
    }

    [Theory]
    [InlineData("")]                 // empty payload
    [InlineData("E588")]             // forbidden bit set
    [InlineData("00AABB")]           // type 0
    [InlineData("1E0102")]           // type 30
    [InlineData("1F0102")]           // type 31
    [InlineData("790001650001")]     // STAP-B
    [InlineData("7A00010203")]       // MTAP16
    [InlineData("7B00010203")]       // MTAP24
    [InlineData("7D8500010203")]     // FU-B
    [InlineData("78")]               // STAP-A without units
    [InlineData("780005656566")]     // STAP-A unit size past the end
    [InlineData("780000")]           // STAP-A zero-size unit
    [InlineData("78000265")]         // STAP-A truncated unit
    [InlineData("7800026588000178")] // STAP-A nesting a STAP-A
    [InlineData("7C")]               // FU-A without FU header
    [InlineData("7C9F00")]           // FU-A of reserved type 31
    public void MalformedPacketsAreCounted(string payload)
    {
        var h = NewHarness();
        h.Push(Sps, 0);
        h.Push(payload, 0);
        h.Push(Idr, 0, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.PacketsMalformed);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        h.Push(Idr, 3600, marker: true);
        Assert.Single(h.Units);
    }

    [Fact]
    public void AccessUnitDelimitersAreLeftOut()
    {
        var h = NewHarness();
        h.Push(Aud, 0);
        h.Push("78" + "0002" + Aud + "001A" + Sps, 0);
        h.Push(Idr, 0, marker: true);
        Assert.Equal([Sps, Idr], NalUnitsOf(Assert.Single(h.Units)));
    }

    [Fact]
    public void ParameterSetsInTheirOwnTimestampAreCarriedIntoTheNextUnit()
    {
        // Cameras that send SPS/PPS as a packet group of their own (own timestamp, marker set).
        var h = NewHarness();
        h.Push("78" + "001A" + Sps + "0004" + Pps, 0, marker: true);
        Assert.Empty(h.Units);
        h.Push(Idr, 3600, marker: true);
        var unit = Assert.Single(h.Units);
        Assert.Equal(3600, unit.Timestamp);
        Assert.Equal([Sps, Pps, Idr], NalUnitsOf(unit));
        Assert.Equal(1, D(h).ParameterSetsVersion);
    }

    [Fact]
    public void ReolinkParameterSetsWithThePreviousTimestamp()
    {
        // Reolink RLC-822A, firmware v3.0.0.177_21012107 (scottlamb/retina#13): at stream start the
        // SPS comes marked and alone, the PPS after it with the same timestamp, then the IDR with a
        // new one; at every later IDR, SPS and PPS carry the previous picture's timestamp and follow
        // its marked last packet.
        var h = NewHarness();
        h.Push(Sps, 1000, marker: true);
        h.Push(Pps, 1000);
        h.Push(Idr, 4600, marker: true);
        h.Push(PSlice, 8200, marker: true);
        h.Push(Sps, 8200);
        h.Push(Pps, 8200);
        h.Push(Idr, 11800, marker: true);

        Assert.Equal([4600L, 8200L, 11800L], h.Units.Select(u => u.Timestamp));
        Assert.Equal([Sps, Pps, Idr], NalUnitsOf(h.Units[0]));
        Assert.Equal([PSlice], NalUnitsOf(h.Units[1]));
        Assert.Equal([Sps, Pps, Idr], NalUnitsOf(h.Units[2]));
        Assert.Equal([true, false, true], h.Units.Select(u => u.IsKeyframe));
        Assert.Equal(1, D(h).ParameterSetsVersion);
        Assert.Equal(0, h.Depacketizer.UnitsDroppedForLoss + h.Depacketizer.PacketsMalformed);
    }

    [Fact]
    public void AudOrSeiAfterASliceStartsTheNextUnit()
    {
        // No marker and the next unit's AUD/SEI still stamped with the previous picture's time.
        var h = NewHarness();
        h.Push(PSlice, 0);
        h.Push(PSlice2, 0);
        h.Push(Aud, 0);
        Assert.Equal([PSlice, PSlice2], NalUnitsOf(Assert.Single(h.Units)));
        h.Push(Sei, 0);
        h.Push(Idr, 3600);
        h.Push(PSlice, 3600); // not a slice of the IDR picture, but nothing marks a boundary
        h.Push(Sei, 3600);
        h.Push(PSlice, 7200);
        h.Flush();
        Assert.Equal([0L, 3600L, 7200L], h.Units.Select(u => u.Timestamp));
        Assert.Equal([Sei, Idr, PSlice], NalUnitsOf(h.Units[1]));
        Assert.Equal([Sei, PSlice], NalUnitsOf(h.Units[2]));
    }

    [Fact]
    public void AfterLossAnUnitWhoseFirstSliceIsMissingIsDropped()
    {
        var h = NewHarness();
        h.Push(PSlice, 0, marker: true);
        // Packets lost: the first slice of the unit at 3600 among them.
        h.Push(PSlice2, 3600, marker: true, lossBefore: true);
        Assert.Single(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        // Loss again, but this unit starts with its first slice: kept.
        h.Push(Sei, 7200, lossBefore: true);
        h.Push(PSlice, 7200);
        h.Push(PSlice2, 7200, marker: true);
        Assert.Equal(2, h.Units.Count);
        Assert.Equal([Sei, PSlice, PSlice2], NalUnitsOf(h.Units[1]));
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);
    }

    [Fact]
    public void LossWithinUnitDiscardsItsRemainingPackets()
    {
        var h = NewHarness();
        h.Push(PSlice, 0);
        h.Push(PSlice2, 0, lossBefore: true);
        h.Push(PSlice2, 0, marker: true);
        Assert.Empty(h.Units);
        Assert.Equal(1, h.Depacketizer.UnitsDroppedForLoss);

        // No marker camera: the loss-tainted unit ends with the timestamp change.
        h.Push(PSlice, 3600);
        h.Push(PSlice2, 3600, lossBefore: true);
        h.Push(PSlice, 7200);
        h.Flush();
        Assert.Equal([PSlice], NalUnitsOf(Assert.Single(h.Units)));
        Assert.Equal(2, h.Depacketizer.UnitsDroppedForLoss);
    }

    [Fact]
    public void FuWithStartAndEndBitsIsAWholeNalUnit()
    {
        var h = NewHarness();
        h.Push("7CC5" + Idr[2..], 0, marker: true);
        Assert.Equal(LengthPrefixed(Idr), Assert.Single(h.Units).Payload);
    }
}
