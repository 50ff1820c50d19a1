using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H264;

/// <summary>
/// An H.264 sequence parameter set, seq_parameter_set_data() of ITU-T H.264 §7.3.2.1.1, with the
/// timing part of vui_parameters() (Annex E §E.1.1). Only what Nvr needs is kept: identification,
/// profile and level, chroma format and bit depth, and the displayed picture size.
/// </summary>
/// <remarks>
/// <code>
///  NAL header (type 7) | profile_idc u8 | constraint_set0..5 + 2 reserved u8 | level_idc u8 |
///  seq_parameter_set_id ue | [chroma_format_idc ue ... scaling lists]  (high profiles) |
///  log2_max_frame_num_minus4 ue | pic_order_cnt_type ue [...] | max_num_ref_frames ue |
///  gaps_in_frame_num_value_allowed_flag u1 | pic_width_in_mbs_minus1 ue |
///  pic_height_in_map_units_minus1 ue | frame_mbs_only_flag u1 [mb_adaptive_frame_field_flag u1] |
///  direct_8x8_inference_flag u1 | frame_cropping_flag u1 [4 × ue] | vui_parameters_present_flag u1 [vui]
/// </code>
/// Size (§7.4.2.1.1, Table 6-1): width = 16·(pic_width_in_mbs_minus1 + 1) − CropUnitX·(left + right),
/// height = 16·(2 − frame_mbs_only_flag)·(pic_height_in_map_units_minus1 + 1) − CropUnitY·(top + bottom).
/// A VUI that is cut short is treated as absent (the picture size comes before it); everything
/// before the VUI must parse.
/// </remarks>
public sealed class H264Sps
{
    // Largest picture dimension accepted, in macroblocks: Level 6.2 allows sqrt(8 × 139264) ≈ 1055.
    private const int MaxDimensionInMbs = 2048;

    private H264Sps()
    {
    }

    public int ProfileIdc { get; private init; }
    /// <summary>The byte after profile_idc: constraint_set0_flag (bit 7) … constraint_set5_flag (bit 2).</summary>
    public int ConstraintFlags { get; private init; }
    public int LevelIdc { get; private init; }
    public int SeqParameterSetId { get; private init; }
    /// <summary>0 = monochrome, 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4 (1 when absent).</summary>
    public int ChromaFormatIdc { get; private init; } = 1;
    public bool SeparateColourPlane { get; private init; }
    public int BitDepthLuma { get; private init; } = 8;
    public int BitDepthChroma { get; private init; } = 8;
    public int Log2MaxFrameNum { get; private init; }
    public int PicOrderCntType { get; private init; }
    public int Log2MaxPicOrderCntLsb { get; private init; }
    public int MaxNumRefFrames { get; private init; }
    public bool FrameMbsOnly { get; private init; }
    public int PicWidthInMbs { get; private init; }
    public int PicHeightInMapUnits { get; private init; }
    public int CropLeft { get; private init; }
    public int CropRight { get; private init; }
    public int CropTop { get; private init; }
    public int CropBottom { get; private init; }

    /// <summary>Displayed width in luma samples (after frame cropping).</summary>
    public int Width { get; private init; }
    /// <summary>Displayed height in luma samples (after frame cropping).</summary>
    public int Height { get; private init; }

    public bool VuiPresent { get; private init; }
    /// <summary>Sample aspect ratio (Table E-1); 0:0 when unspecified.</summary>
    public int SarWidth { get; private init; }
    public int SarHeight { get; private init; }
    public bool TimingInfoPresent { get; private init; }
    public uint NumUnitsInTick { get; private init; }
    public uint TimeScale { get; private init; }
    public bool FixedFrameRate { get; private init; }

    /// <summary>
    /// Frame rate from the VUI timing: time_scale ÷ (2 · num_units_in_tick) (§E.2.1, one tick per
    /// field); null when the VUI has no timing information.
    /// </summary>
    public double? FrameRate => TimingInfoPresent && NumUnitsInTick > 0 && TimeScale > 0
        ? TimeScale / (2.0 * NumUnitsInTick)
        : null;

    /// <summary>RFC 6381 codec string, e.g. <c>avc1.640028</c>.</summary>
    public string CodecString => $"avc1.{ProfileIdc:X2}{ConstraintFlags:X2}{LevelIdc:X2}";

    /// <summary>Parses an SPS NAL unit (with its one-byte header, emulation prevention in place).</summary>
    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H264Sps? sps)
    {
        try
        {
            sps = Parse(nalUnit);
            return true;
        }
        catch (BitstreamException)
        {
            sps = null;
            return false;
        }
    }

    /// <summary>Parses an SPS NAL unit.</summary>
    /// <exception cref="BitstreamException">Not an SPS, truncated, or a field out of range.</exception>
    public static H264Sps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 4) throw new BitstreamException("SPS shorter than 4 bytes");
        if ((nalUnit[0] & 0x80) != 0 || H264NalUnit.TypeOf(nalUnit[0]) != H264NalUnitType.Sps)
            throw new BitstreamException("not an SPS NAL unit");

        var r = new BitReader(nalUnit[1..]);
        int profileIdc = (int)r.ReadBits(8);
        int constraintFlags = (int)r.ReadBits(8);
        int levelIdc = (int)r.ReadBits(8);
        int spsId = r.ReadUe(31, "seq_parameter_set_id");

        int chromaFormatIdc = 1;
        bool separateColourPlane = false;
        int bitDepthLuma = 8, bitDepthChroma = 8;
        if (HasChromaInfo(profileIdc))
        {
            chromaFormatIdc = r.ReadUe(3, "chroma_format_idc");
            if (chromaFormatIdc == 3) separateColourPlane = r.ReadBit();
            bitDepthLuma = 8 + r.ReadUe(6, "bit_depth_luma_minus8");
            bitDepthChroma = 8 + r.ReadUe(6, "bit_depth_chroma_minus8");
            r.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadBit()) // seq_scaling_matrix_present_flag
            {
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++)
                {
                    if (r.ReadBit()) SkipScalingList(ref r, i < 6 ? 16 : 64);
                }
            }
        }

        int log2MaxFrameNum = 4 + r.ReadUe(12, "log2_max_frame_num_minus4");
        int pocType = r.ReadUe(2, "pic_order_cnt_type");
        int log2MaxPocLsb = 0;
        if (pocType == 0)
        {
            log2MaxPocLsb = 4 + r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4");
        }
        else if (pocType == 1)
        {
            r.ReadBit(); // delta_pic_order_always_zero_flag
            r.ReadSe(); // offset_for_non_ref_pic
            r.ReadSe(); // offset_for_top_to_bottom_field
            int cycle = r.ReadUe(255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (int i = 0; i < cycle; i++) r.ReadSe(); // offset_for_ref_frame[i]
        }

        int maxNumRefFrames = r.ReadUe(255, "max_num_ref_frames");
        r.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.ReadUe(MaxDimensionInMbs - 1, "pic_width_in_mbs_minus1") + 1;
        int heightInMapUnits = r.ReadUe(MaxDimensionInMbs - 1, "pic_height_in_map_units_minus1") + 1;
        bool frameMbsOnly = r.ReadBit();
        if (!frameMbsOnly) r.ReadBit(); // mb_adaptive_frame_field_flag
        r.ReadBit(); // direct_8x8_inference_flag

        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadBit()) // frame_cropping_flag
        {
            cropLeft = r.ReadUe(MaxDimensionInMbs * 16, "frame_crop_left_offset");
            cropRight = r.ReadUe(MaxDimensionInMbs * 16, "frame_crop_right_offset");
            cropTop = r.ReadUe(MaxDimensionInMbs * 16, "frame_crop_top_offset");
            cropBottom = r.ReadUe(MaxDimensionInMbs * 16, "frame_crop_bottom_offset");
        }

        // Table 6-1 and equations 7-19 … 7-22.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaFormatIdc == 3 ? 1 : 2;
        int subHeightC = chromaFormatIdc == 1 ? 2 : 1;
        int frameHeightFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        int cropUnitY = chromaArrayType == 0 ? frameHeightFactor : subHeightC * frameHeightFactor;
        int width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = frameHeightFactor * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0) throw new BitstreamException("frame cropping leaves no picture");

        bool vuiPresent = r.ReadBit();
        var vui = vuiPresent ? TryParseVui(ref r) : default;

        return new H264Sps
        {
            ProfileIdc = profileIdc,
            ConstraintFlags = constraintFlags,
            LevelIdc = levelIdc,
            SeqParameterSetId = spsId,
            ChromaFormatIdc = chromaFormatIdc,
            SeparateColourPlane = separateColourPlane,
            BitDepthLuma = bitDepthLuma,
            BitDepthChroma = bitDepthChroma,
            Log2MaxFrameNum = log2MaxFrameNum,
            PicOrderCntType = pocType,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            MaxNumRefFrames = maxNumRefFrames,
            FrameMbsOnly = frameMbsOnly,
            PicWidthInMbs = widthInMbs,
            PicHeightInMapUnits = heightInMapUnits,
            CropLeft = cropLeft,
            CropRight = cropRight,
            CropTop = cropTop,
            CropBottom = cropBottom,
            Width = width,
            Height = height,
            VuiPresent = vuiPresent,
            SarWidth = vui.SarWidth,
            SarHeight = vui.SarHeight,
            TimingInfoPresent = vui.TimingInfoPresent,
            NumUnitsInTick = vui.NumUnitsInTick,
            TimeScale = vui.TimeScale,
            FixedFrameRate = vui.FixedFrameRate,
        };
    }

    /// <summary>Profiles whose SPS carries chroma_format_idc … scaling lists (§7.3.2.1.1).</summary>
    internal static bool HasChromaInfo(int profileIdc)
        => profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>scaling_list() of §7.3.2.1.1.1, values discarded.</summary>
    private static void SkipScalingList(ref BitReader r, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (int j = 0; j < size; j++)
        {
            if (nextScale != 0)
            {
                int delta = r.ReadSe(-128, 127, "delta_scale");
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /// <summary>vui_parameters() (§E.1.1) up to the timing information; the HRD and later fields are not needed.</summary>
    private static Vui TryParseVui(ref BitReader r)
    {
        var vui = default(Vui);
        try
        {
            if (r.ReadBit()) // aspect_ratio_info_present_flag
            {
                int idc = (int)r.ReadBits(8);
                if (idc == 255) // Extended_SAR
                {
                    vui.SarWidth = (int)r.ReadBits(16);
                    vui.SarHeight = (int)r.ReadBits(16);
                }
                else if (idc < SarTable.Length / 2)
                {
                    vui.SarWidth = SarTable[idc * 2];
                    vui.SarHeight = SarTable[idc * 2 + 1];
                }
            }
            if (r.ReadBit()) r.ReadBit(); // overscan_info_present_flag, overscan_appropriate_flag
            if (r.ReadBit()) // video_signal_type_present_flag
            {
                r.Skip(3 + 1); // video_format, video_full_range_flag
                if (r.ReadBit()) r.Skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
            }
            if (r.ReadBit()) // chroma_loc_info_present_flag
            {
                r.ReadUe();
                r.ReadUe();
            }
            if (r.ReadBit()) // timing_info_present_flag
            {
                uint units = r.ReadBits(32);
                uint scale = r.ReadBits(32);
                bool fixedRate = r.ReadBit();
                vui.NumUnitsInTick = units;
                vui.TimeScale = scale;
                vui.FixedFrameRate = fixedRate;
                vui.TimingInfoPresent = true;
            }
        }
        catch (BitstreamException)
        {
            // A VUI cut short does not invalidate the picture size parsed before it: keep what
            // was complete (only the fields of a fully read group are stored).
        }
        return vui;
    }

    // Table E-1, aspect_ratio_idc 0..16 → sar_width, sar_height.
    private static ReadOnlySpan<byte> SarTable =>
    [
        0, 0, 1, 1, 12, 11, 10, 11, 16, 11, 40, 33, 24, 11, 20, 11, 32, 11,
        80, 33, 18, 11, 15, 11, 64, 33, 160, 99, 4, 3, 3, 2, 2, 1,
    ];

    private struct Vui
    {
        public int SarWidth;
        public int SarHeight;
        public bool TimingInfoPresent;
        public uint NumUnitsInTick;
        public uint TimeScale;
        public bool FixedFrameRate;
    }
}
