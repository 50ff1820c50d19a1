namespace Nvr.Media.Codecs.H264;

/// <summary>
/// The one-byte H.264 NAL unit header (ITU-T H.264 §7.3.1) and NAL type helpers.
/// </summary>
/// <remarks>
/// <code>
///  +---------------+
///  |0|1|2|3|4|5|6|7|
///  +-+-+-+-+-+-+-+-+
///  |F|NRI|  Type   |   F = forbidden_zero_bit, NRI = nal_ref_idc
///  +---------------+
/// </code>
/// </remarks>
public static class H264NalUnit
{
    public const int HeaderSize = 1;

    /// <summary>nal_unit_type of a NAL unit starting at <paramref name="nalUnit"/>[0].</summary>
    public static H264NalUnitType TypeOf(ReadOnlySpan<byte> nalUnit)
        => nalUnit.IsEmpty ? H264NalUnitType.Unspecified : (H264NalUnitType)(nalUnit[0] & 0x1F);

    /// <summary>nal_unit_type from the header byte.</summary>
    public static H264NalUnitType TypeOf(byte header) => (H264NalUnitType)(header & 0x1F);

    /// <summary>Coded slice NAL unit types 1–5 (the VCL NAL units of a primary picture).</summary>
    public static bool IsVcl(H264NalUnitType type) => type is >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice;

    public static bool IsParameterSet(H264NalUnitType type) => type is H264NalUnitType.Sps or H264NalUnitType.Pps;

    /// <summary>
    /// True when a slice NAL unit is the first of its picture: first_mb_in_slice (the slice header's
    /// first field, ue(v)) is 0, i.e. its first bit is 1. True as well when the slice is too short to tell.
    /// </summary>
    public static bool IsFirstSliceInPicture(ReadOnlySpan<byte> sliceNalUnit)
        => sliceNalUnit.Length < 2 || (sliceNalUnit[1] & 0x80) != 0;

    /// <summary>True when the length-prefixed access unit contains an IDR slice.</summary>
    public static bool ContainsIdr(ReadOnlySpan<byte> lengthPrefixedUnit)
    {
        foreach (var nal in NalUnits.EnumerateLengthPrefixed(lengthPrefixedUnit))
        {
            if (TypeOf(nal) == H264NalUnitType.IdrSlice) return true;
        }
        return false;
    }
}
