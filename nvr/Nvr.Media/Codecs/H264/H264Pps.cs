using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H264;

/// <summary>
/// The identifying start of an H.264 picture parameter set, pic_parameter_set_rbsp() of ITU-T
/// H.264 §7.3.2.2: enough to match a PPS with its SPS.
/// </summary>
/// <remarks>
/// <code>
///  NAL header (type 8) | pic_parameter_set_id ue | seq_parameter_set_id ue |
///  entropy_coding_mode_flag u1 | bottom_field_pic_order_in_frame_present_flag u1 | ...
/// </code>
/// </remarks>
public sealed class H264Pps
{
    private H264Pps()
    {
    }

    /// <summary>pic_parameter_set_id, 0..255.</summary>
    public int PicParameterSetId { get; private init; }
    /// <summary>seq_parameter_set_id of the SPS it refers to, 0..31.</summary>
    public int SeqParameterSetId { get; private init; }
    /// <summary>True for CABAC, false for CAVLC.</summary>
    public bool EntropyCodingModeFlag { get; private init; }

    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H264Pps? pps)
    {
        try
        {
            pps = Parse(nalUnit);
            return true;
        }
        catch (BitstreamException)
        {
            pps = null;
            return false;
        }
    }

    /// <exception cref="BitstreamException">Not a PPS, truncated, or an id out of range.</exception>
    public static H264Pps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 2 || (nalUnit[0] & 0x80) != 0 || H264NalUnit.TypeOf(nalUnit[0]) != H264NalUnitType.Pps)
            throw new BitstreamException("not a PPS NAL unit");
        var r = new BitReader(nalUnit[1..]);
        int ppsId = r.ReadUe(255, "pic_parameter_set_id");
        int spsId = r.ReadUe(31, "seq_parameter_set_id");
        bool cabac = r.ReadBit();
        return new H264Pps { PicParameterSetId = ppsId, SeqParameterSetId = spsId, EntropyCodingModeFlag = cabac };
    }
}
