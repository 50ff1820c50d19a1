using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H265;

/// <summary>
/// The identifying start of an H.265 video parameter set, video_parameter_set_rbsp() of ITU-T
/// H.265 §7.3.2.1, through profile_tier_level().
/// </summary>
/// <remarks>
/// <code>
///  NAL header (type 32, 2 bytes) | vps_video_parameter_set_id u4 | vps_base_layer_internal_flag u1 |
///  vps_base_layer_available_flag u1 | vps_max_layers_minus1 u6 | vps_max_sub_layers_minus1 u3 |
///  vps_temporal_id_nesting_flag u1 | vps_reserved_0xffff_16bits u16 | profile_tier_level(1, …) | ...
/// </code>
/// </remarks>
public sealed class H265Vps
{
    private H265Vps(int id, int maxSubLayers, bool nesting, H265ProfileTierLevel ptl)
    {
        VideoParameterSetId = id;
        MaxSubLayers = maxSubLayers;
        TemporalIdNesting = nesting;
        ProfileTierLevel = ptl;
    }

    /// <summary>vps_video_parameter_set_id, 0..15.</summary>
    public int VideoParameterSetId { get; }
    /// <summary>vps_max_sub_layers_minus1 + 1, 1..7.</summary>
    public int MaxSubLayers { get; }
    public bool TemporalIdNesting { get; }
    public H265ProfileTierLevel ProfileTierLevel { get; }

    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H265Vps? vps)
    {
        try
        {
            vps = Parse(nalUnit);
            return true;
        }
        catch (BitstreamException)
        {
            vps = null;
            return false;
        }
    }

    /// <exception cref="BitstreamException">Not a VPS, truncated, or a field out of range.</exception>
    public static H265Vps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 3 || (nalUnit[0] & 0x80) != 0 || H265NalUnit.TypeOf(nalUnit[0]) != H265NalUnitType.Vps)
            throw new BitstreamException("not a VPS NAL unit");
        var r = new BitReader(nalUnit[2..]);
        int id = (int)r.ReadBits(4);
        r.Skip(2 + 6); // base layer flags, vps_max_layers_minus1
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        if (maxSubLayersMinus1 > 6) throw new BitstreamException("vps_max_sub_layers_minus1 > 6");
        bool nesting = r.ReadBit();
        r.Skip(16); // vps_reserved_0xffff_16bits
        var ptl = H265ProfileTierLevel.Read(ref r, maxSubLayersMinus1);
        return new H265Vps(id, maxSubLayersMinus1 + 1, nesting, ptl);
    }
}
