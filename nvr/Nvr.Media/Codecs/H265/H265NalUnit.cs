namespace Nvr.Media.Codecs.H265;

/// <summary>
/// The two-byte H.265 NAL unit header (ITU-T H.265 §7.3.1.2) and NAL type helpers.
/// </summary>
/// <remarks>
/// <code>
///  +---------------+---------------+
///  |0|1|2|3|4|5|6|7|0|1|2|3|4|5|6|7|
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |F|   Type    |  LayerId  | TID |   F = forbidden_zero_bit, TID = nuh_temporal_id_plus1 (≠ 0)
///  +-------------+-----------------+
/// </code>
/// </remarks>
public static class H265NalUnit
{
    public const int HeaderSize = 2;

    /// <summary>nal_unit_type of a NAL unit starting at <paramref name="nalUnit"/>[0].</summary>
    public static H265NalUnitType TypeOf(ReadOnlySpan<byte> nalUnit)
        => nalUnit.IsEmpty ? H265NalUnitType.TrailN : TypeOf(nalUnit[0]);

    /// <summary>nal_unit_type from the first header byte.</summary>
    public static H265NalUnitType TypeOf(byte firstHeaderByte) => (H265NalUnitType)((firstHeaderByte >> 1) & 0x3F);

    /// <summary>nuh_layer_id (6 bits spanning both header bytes).</summary>
    public static int LayerId(ReadOnlySpan<byte> header) => ((header[0] & 1) << 5) | (header[1] >> 3);

    /// <summary>nuh_temporal_id_plus1 (3 bits, 0 is forbidden).</summary>
    public static int TemporalIdPlus1(ReadOnlySpan<byte> header) => header[1] & 7;

    /// <summary>VCL NAL unit types 0–31 (coded slice segments and reserved VCL types).</summary>
    public static bool IsVcl(H265NalUnitType type) => (byte)type < 32;

    /// <summary>Intra random access point picture, types 16–23 (§3.73): a decoder can start here.</summary>
    public static bool IsIrap(H265NalUnitType type) => type is >= H265NalUnitType.BlaWLp and <= H265NalUnitType.RsvIrapVcl23;

    public static bool IsParameterSet(H265NalUnitType type) => type is H265NalUnitType.Vps or H265NalUnitType.Sps or H265NalUnitType.Pps;

    /// <summary>
    /// True when a slice segment NAL unit starts a picture: first_slice_segment_in_pic_flag, the first
    /// bit after the header, is 1. True as well when the NAL unit is too short to tell.
    /// </summary>
    public static bool IsFirstSliceInPicture(ReadOnlySpan<byte> sliceNalUnit)
        => sliceNalUnit.Length < 3 || (sliceNalUnit[2] & 0x80) != 0;

    /// <summary>True when the length-prefixed access unit contains an IRAP slice.</summary>
    public static bool ContainsIrap(ReadOnlySpan<byte> lengthPrefixedUnit)
    {
        foreach (var nal in NalUnits.EnumerateLengthPrefixed(lengthPrefixedUnit))
        {
            if (IsIrap(TypeOf(nal))) return true;
        }
        return false;
    }
}
