using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

/// <summary>
/// AVCDecoderConfigurationRecord, the body of the 'avcC' box (ISO/IEC 14496-15 §5.3.3.1).
/// A minimal local builder/parser for one SPS and one PPS; NAL units are always 4-byte
/// length-prefixed (lengthSizeMinusOne = 3), the form of <see cref="MediaUnit"/> payloads.
/// </summary>
/// <remarks>
/// <code>
/// +---------------------------+------------------------------------------------+
/// | configurationVersion (8)  | = 1                                            |
/// | AVCProfileIndication (8)  | = SPS profile_idc       (SPS byte 1)           |
/// | profile_compatibility (8) | = SPS constraint flags  (SPS byte 2)           |
/// | AVCLevelIndication (8)    | = SPS level_idc         (SPS byte 3)           |
/// | '111111' (6) | lengthSizeMinusOne (2) = 3                                  |
/// | '111' (3) | numOfSequenceParameterSets (5)                                 |
/// |   { sequenceParameterSetLength (16), SPS NAL unit } ...                    |
/// | numOfPictureParameterSets (8)                                              |
/// |   { pictureParameterSetLength (16), PPS NAL unit } ...                     |
/// | if profile_idc carries chroma_format_idc (100, 110, 122, 244, ...):        |
/// |   '111111' chroma_format (2) | '11111' bit_depth_luma_minus8 (3)           |
/// |   '11111' bit_depth_chroma_minus8 (3) | numOfSequenceParameterSetExt (8)=0 |
/// +----------------------------------------------------------------------------+
/// </code>
/// </remarks>
internal static class AvcConfigurationRecord
{
    /// <summary>Writes the record body (the caller wraps it in an 'avcC' box).</summary>
    public static void Write(Mp4BoxWriter w, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (sps.Length < 4 || sps.Length > ushort.MaxValue) throw new ArgumentException("SPS must be 4..65535 bytes", nameof(sps));
        if (pps.Length < 1 || pps.Length > ushort.MaxValue) throw new ArgumentException("PPS must be 1..65535 bytes", nameof(pps));
        w.WriteByte(1);
        w.WriteByte(sps[1]);
        w.WriteByte(sps[2]);
        w.WriteByte(sps[3]);
        w.WriteByte(0xFF);          // reserved '111111' + lengthSizeMinusOne = 3
        w.WriteByte(0xE0 | 1);      // reserved '111' + one SPS
        w.WriteUInt16((ushort)sps.Length);
        w.WriteBytes(sps);
        w.WriteByte(1);             // one PPS
        w.WriteUInt16((ushort)pps.Length);
        w.WriteBytes(pps);
        if (HasChromaInfo(sps[1]) && TryReadChroma(sps, out int chroma, out int lumaDepth, out int chromaDepth))
        {
            w.WriteByte((byte)(0xFC | chroma));
            w.WriteByte((byte)(0xF8 | lumaDepth));
            w.WriteByte((byte)(0xF8 | chromaDepth));
            w.WriteByte(0);
        }
    }

    /// <summary>Extracts the first SPS and PPS; false on any inconsistency.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out byte[] sps, out byte[] pps)
    {
        sps = [];
        pps = [];
        if (body.Length < 7 || body[0] != 1) return false;
        int pos = 5;
        int numSps = body[pos++] & 0x1F;
        for (int i = 0; i < numSps; i++)
        {
            if (!TryReadUnit(body, ref pos, out var unit)) return false;
            if (i == 0) sps = unit;
        }
        if (pos >= body.Length) return false;
        int numPps = body[pos++];
        for (int i = 0; i < numPps; i++)
        {
            if (!TryReadUnit(body, ref pos, out var unit)) return false;
            if (i == 0) pps = unit;
        }
        return sps.Length >= 4 && pps.Length >= 1;
    }

    private static bool TryReadUnit(ReadOnlySpan<byte> body, ref int pos, out byte[] unit)
    {
        unit = [];
        if (body.Length - pos < 2) return false;
        int len = BinaryPrimitives.ReadUInt16BigEndian(body[pos..]);
        pos += 2;
        if (len == 0 || body.Length - pos < len) return false;
        unit = body.Slice(pos, len).ToArray();
        pos += len;
        return true;
    }

    // H.264 §7.3.2.1.1: these profile_idc values carry chroma_format_idc and bit depths in the SPS.
    private static bool HasChromaInfo(byte profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    private static bool TryReadChroma(ReadOnlySpan<byte> sps, out int chromaFormat, out int lumaDepthMinus8, out int chromaDepthMinus8)
    {
        // nal header (8) profile_idc (8) constraint flags (8) level_idc (8) then ue(v) fields.
        var r = new RbspBitReader(sps[4..]);
        r.ReadUe(); // seq_parameter_set_id
        chromaFormat = (int)r.ReadUe();
        if (chromaFormat == 3) r.ReadFlag(); // separate_colour_plane_flag
        lumaDepthMinus8 = (int)r.ReadUe();
        chromaDepthMinus8 = (int)r.ReadUe();
        return !r.Overrun && chromaFormat <= 3 && lumaDepthMinus8 <= 7 && chromaDepthMinus8 <= 7;
    }
}
