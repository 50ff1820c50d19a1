using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H265;

/// <summary>
/// The identifying start of an H.265 picture parameter set, pic_parameter_set_rbsp() of ITU-T
/// H.265 §7.3.2.3.1: enough to match a PPS with its SPS.
/// </summary>
/// <remarks>
/// <code>
///  NAL header (type 34, 2 bytes) | pps_pic_parameter_set_id ue | pps_seq_parameter_set_id ue | ...
/// </code>
/// </remarks>
public sealed class H265Pps
{
    private H265Pps(int ppsId, int spsId)
    {
        PicParameterSetId = ppsId;
        SeqParameterSetId = spsId;
    }

    /// <summary>pps_pic_parameter_set_id, 0..63.</summary>
    public int PicParameterSetId { get; }
    /// <summary>pps_seq_parameter_set_id, 0..15.</summary>
    public int SeqParameterSetId { get; }

    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H265Pps? pps)
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
    public static H265Pps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 3 || (nalUnit[0] & 0x80) != 0 || H265NalUnit.TypeOf(nalUnit[0]) != H265NalUnitType.Pps)
            throw new BitstreamException("not a PPS NAL unit");
        var r = new BitReader(nalUnit[2..]);
        int ppsId = r.ReadUe(63, "pps_pic_parameter_set_id");
        int spsId = r.ReadUe(15, "pps_seq_parameter_set_id");
        return new H265Pps(ppsId, spsId);
    }
}
