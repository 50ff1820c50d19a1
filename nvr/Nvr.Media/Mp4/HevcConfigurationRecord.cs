using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

/// <summary>
/// HEVCDecoderConfigurationRecord, the body of the 'hvcC' box (ISO/IEC 14496-15 §8.3.3.1).
/// The profile/tier/level fields are parsed from the SPS profile_tier_level() (ITU-T H.265
/// §7.3.3) after emulation-prevention removal; chroma format and bit depths from the SPS fields
/// that follow it (§7.3.2.2.1). NAL units are 4-byte length-prefixed (lengthSizeMinusOne = 3).
/// </summary>
/// <remarks>
/// <code>
/// configurationVersion (8) = 1
/// general_profile_space (2) | general_tier_flag (1) | general_profile_idc (5)
/// general_profile_compatibility_flags (32)
/// general_constraint_indicator_flags (48)
/// general_level_idc (8)
/// '1111' (4) | min_spatial_segmentation_idc (12) = 0
/// '111111' (6) | parallelismType (2) = 0
/// '111111' (6) | chromaFormat (2)
/// '11111' (5) | bitDepthLumaMinus8 (3)
/// '11111' (5) | bitDepthChromaMinus8 (3)
/// avgFrameRate (16) = 0
/// constantFrameRate (2) = 0 | numTemporalLayers (3) | temporalIdNested (1) | lengthSizeMinusOne (2) = 3
/// numOfArrays (8) = 3
///   { array_completeness (1) = 1 | reserved (1) = 0 | NAL_unit_type (6)   VPS=32, SPS=33, PPS=34
///     numNalus (16) = 1
///     { nalUnitLength (16), NAL unit } }
/// </code>
/// </remarks>
internal static class HevcConfigurationRecord
{
    public const int VpsType = 32;
    public const int SpsType = 33;
    public const int PpsType = 34;

    /// <summary>Fields of an H.265 SPS that the record repeats.</summary>
    internal readonly record struct SpsSummary(
        int ProfileSpace, bool Tier, int ProfileIdc, uint CompatibilityFlags, ulong ConstraintFlags, int LevelIdc,
        int ChromaFormat, int BitDepthLumaMinus8, int BitDepthChromaMinus8, int MaxSubLayersMinus1, bool TemporalIdNesting);

    public static void Write(Mp4BoxWriter w, ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (!TryParseSps(sps, out var s)) throw new ArgumentException("H.265 SPS could not be parsed (profile_tier_level)", nameof(sps));
        if (vps.Length is < 2 or > ushort.MaxValue) throw new ArgumentException("VPS must be 2..65535 bytes", nameof(vps));
        if (pps.Length is < 2 or > ushort.MaxValue) throw new ArgumentException("PPS must be 2..65535 bytes", nameof(pps));
        w.WriteByte(1);
        w.WriteByte((byte)((s.ProfileSpace << 6) | (s.Tier ? 0x20 : 0) | s.ProfileIdc));
        w.WriteUInt32(s.CompatibilityFlags);
        w.WriteUInt16((ushort)(s.ConstraintFlags >> 32));
        w.WriteUInt32((uint)s.ConstraintFlags);
        w.WriteByte((byte)s.LevelIdc);
        w.WriteUInt16(0xF000);
        w.WriteByte(0xFC);
        w.WriteByte((byte)(0xFC | s.ChromaFormat));
        w.WriteByte((byte)(0xF8 | s.BitDepthLumaMinus8));
        w.WriteByte((byte)(0xF8 | s.BitDepthChromaMinus8));
        w.WriteUInt16(0);
        w.WriteByte((byte)(((s.MaxSubLayersMinus1 + 1) << 3) | (s.TemporalIdNesting ? 0x04 : 0) | 3));
        w.WriteByte(3);
        WriteArray(w, VpsType, vps);
        WriteArray(w, SpsType, sps);
        WriteArray(w, PpsType, pps);
    }

    private static void WriteArray(Mp4BoxWriter w, int nalType, ReadOnlySpan<byte> unit)
    {
        w.WriteByte((byte)(0x80 | nalType));
        w.WriteUInt16(1);
        w.WriteUInt16((ushort)unit.Length);
        w.WriteBytes(unit);
    }

    /// <summary>Extracts the first VPS, SPS and PPS and the profile/level; false on any inconsistency.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out byte[] vps, out byte[] sps, out byte[] pps, out int profileIdc, out int levelIdc)
    {
        vps = sps = pps = [];
        profileIdc = levelIdc = 0;
        if (body.Length < 23 || body[0] != 1) return false;
        profileIdc = body[1] & 0x1F;
        levelIdc = body[12];
        int numArrays = body[22];
        int pos = 23;
        for (int a = 0; a < numArrays; a++)
        {
            if (body.Length - pos < 3) return false;
            int type = body[pos] & 0x3F;
            int count = BinaryPrimitives.ReadUInt16BigEndian(body[(pos + 1)..]);
            pos += 3;
            for (int i = 0; i < count; i++)
            {
                if (body.Length - pos < 2) return false;
                int len = BinaryPrimitives.ReadUInt16BigEndian(body[pos..]);
                pos += 2;
                if (len == 0 || body.Length - pos < len) return false;
                var unit = body.Slice(pos, len);
                pos += len;
                if (i != 0) continue;
                if (type == VpsType && vps.Length == 0) vps = unit.ToArray();
                else if (type == SpsType && sps.Length == 0) sps = unit.ToArray();
                else if (type == PpsType && pps.Length == 0) pps = unit.ToArray();
            }
        }
        return vps.Length > 0 && sps.Length > 0 && pps.Length > 0;
    }

    /// <summary>
    /// Parses the start of an H.265 SPS NAL unit (2-byte NAL header included, emulation
    /// prevention still in place) up to bit_depth_chroma_minus8.
    /// </summary>
    internal static bool TryParseSps(ReadOnlySpan<byte> sps, out SpsSummary summary)
    {
        summary = default;
        if (sps.Length < 3 || ((sps[0] >> 1) & 0x3F) != SpsType) return false;
        var r = new RbspBitReader(sps[2..]);
        r.Skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        bool nesting = r.ReadFlag();
        if (maxSubLayersMinus1 > 6) return false;

        // profile_tier_level(1, sps_max_sub_layers_minus1), H.265 §7.3.3
        int space = (int)r.ReadBits(2);
        bool tier = r.ReadFlag();
        int profile = (int)r.ReadBits(5);
        uint compat = r.ReadBits(32);
        ulong constraint = ((ulong)r.ReadBits(16) << 32) | r.ReadBits(32); // progressive..frame_only + 43 + 1 bits
        int level = (int)r.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }
        if (maxSubLayersMinus1 > 0) r.Skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i]) r.Skip(88);
            if (levelPresent[i]) r.Skip(8);
        }

        r.ReadUe(); // sps_seq_parameter_set_id
        int chroma = (int)r.ReadUe();
        if (chroma == 3) r.ReadFlag(); // separate_colour_plane_flag
        r.ReadUe(); // pic_width_in_luma_samples
        r.ReadUe(); // pic_height_in_luma_samples
        if (r.ReadFlag()) // conformance_window_flag
        {
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
        }
        int lumaDepth = (int)r.ReadUe();
        int chromaDepth = (int)r.ReadUe();
        if (r.Overrun || chroma > 3 || lumaDepth > 7 || chromaDepth > 7) return false;
        summary = new SpsSummary(space, tier, profile, compat, constraint, level, chroma, lumaDepth, chromaDepth, maxSubLayersMinus1, nesting);
        return true;
    }
}
