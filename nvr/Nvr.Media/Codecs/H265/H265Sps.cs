using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H265;

/// <summary>
/// An H.265 sequence parameter set, seq_parameter_set_rbsp() of ITU-T H.265 §7.3.2.2.1, parsed
/// through the timing part of vui_parameters() (Annex E §E.2.1).
/// </summary>
/// <remarks>
/// <code>
///  NAL header (type 33, 2 bytes) | sps_video_parameter_set_id u4 | sps_max_sub_layers_minus1 u3 |
///  sps_temporal_id_nesting_flag u1 | profile_tier_level(1, sps_max_sub_layers_minus1) |
///  sps_seq_parameter_set_id ue | chroma_format_idc ue [separate_colour_plane_flag u1] |
///  pic_width_in_luma_samples ue | pic_height_in_luma_samples ue |
///  conformance_window_flag u1 [left, right, top, bottom ue] | bit_depth_luma_minus8 ue |
///  bit_depth_chroma_minus8 ue | log2_max_pic_order_cnt_lsb_minus4 ue | sub-layer ordering info |
///  coding/transform block sizes | scaling_list_data() | amp, SAO, PCM | st_ref_pic_set() × n |
///  long-term reference pictures | temporal MVP, strong intra smoothing | vui_parameters()
/// </code>
/// Size (§7.4.3.2.1): width = pic_width_in_luma_samples − SubWidthC·(left + right),
/// height = pic_height_in_luma_samples − SubHeightC·(top + bottom). Everything up to the
/// conformance window and bit depths must parse; a VUI, or the fields between, that is cut
/// short leaves <see cref="FrameRate"/> unknown but does not reject the SPS.
/// </remarks>
public sealed partial class H265Sps
{
    // Level 6.2 allows sqrt(8 × 35 651 584) ≈ 16 888 luma samples per dimension.
    private const int MaxDimension = 32768;

    private H265Sps()
    {
    }

    public int VideoParameterSetId { get; private init; }
    /// <summary>sps_max_sub_layers_minus1 + 1, 1..7.</summary>
    public int MaxSubLayers { get; private init; }
    public bool TemporalIdNesting { get; private init; }
    public H265ProfileTierLevel ProfileTierLevel { get; private init; } = null!;
    public int SeqParameterSetId { get; private init; }
    /// <summary>0 = monochrome, 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4.</summary>
    public int ChromaFormatIdc { get; private init; }
    public bool SeparateColourPlane { get; private init; }
    public int PicWidthInLumaSamples { get; private init; }
    public int PicHeightInLumaSamples { get; private init; }
    public int ConfWinLeft { get; private init; }
    public int ConfWinRight { get; private init; }
    public int ConfWinTop { get; private init; }
    public int ConfWinBottom { get; private init; }
    /// <summary>Displayed width in luma samples (after the conformance window).</summary>
    public int Width { get; private init; }
    /// <summary>Displayed height in luma samples (after the conformance window).</summary>
    public int Height { get; private init; }
    public int BitDepthLuma { get; private init; }
    public int BitDepthChroma { get; private init; }
    public int Log2MaxPicOrderCntLsb { get; private init; }

    public bool VuiPresent { get; private init; }
    public bool TimingInfoPresent { get; private init; }
    public uint NumUnitsInTick { get; private init; }
    public uint TimeScale { get; private init; }

    /// <summary>Frame rate from the VUI timing, time_scale ÷ num_units_in_tick (§E.3.1); null when absent.</summary>
    public double? FrameRate => TimingInfoPresent && NumUnitsInTick > 0 && TimeScale > 0
        ? (double)TimeScale / NumUnitsInTick
        : null;

    /// <summary>Profile-tier-level codec string, e.g. <c>hvc1.1.6.L120.90</c>.</summary>
    public string CodecString => ProfileTierLevel.CodecString();

    /// <summary>Parses an SPS NAL unit (with its two-byte header, emulation prevention in place).</summary>
    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H265Sps? sps)
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

    /// <exception cref="BitstreamException">Not an SPS, truncated before the bit depths, or a field out of range.</exception>
    public static H265Sps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 3 || (nalUnit[0] & 0x80) != 0 || H265NalUnit.TypeOf(nalUnit[0]) != H265NalUnitType.Sps)
            throw new BitstreamException("not an SPS NAL unit");

        var r = new BitReader(nalUnit[2..]);
        int vpsId = (int)r.ReadBits(4);
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        if (maxSubLayersMinus1 > 6) throw new BitstreamException("sps_max_sub_layers_minus1 > 6");
        bool nesting = r.ReadBit();
        var ptl = H265ProfileTierLevel.Read(ref r, maxSubLayersMinus1);
        int spsId = r.ReadUe(15, "sps_seq_parameter_set_id");
        int chromaFormatIdc = r.ReadUe(3, "chroma_format_idc");
        bool separateColourPlane = chromaFormatIdc == 3 && r.ReadBit();
        int picWidth = r.ReadUe(MaxDimension, "pic_width_in_luma_samples");
        int picHeight = r.ReadUe(MaxDimension, "pic_height_in_luma_samples");
        if (picWidth == 0 || picHeight == 0) throw new BitstreamException("zero picture size");

        int left = 0, right = 0, top = 0, bottom = 0;
        if (r.ReadBit()) // conformance_window_flag
        {
            left = r.ReadUe(MaxDimension, "conf_win_left_offset");
            right = r.ReadUe(MaxDimension, "conf_win_right_offset");
            top = r.ReadUe(MaxDimension, "conf_win_top_offset");
            bottom = r.ReadUe(MaxDimension, "conf_win_bottom_offset");
        }
        // Table 6-1: SubWidthC, SubHeightC.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaArrayType is 1 or 2 ? 2 : 1;
        int subHeightC = chromaArrayType == 1 ? 2 : 1;
        int width = picWidth - subWidthC * (left + right);
        int height = picHeight - subHeightC * (top + bottom);
        if (width <= 0 || height <= 0) throw new BitstreamException("conformance window leaves no picture");

        int bitDepthLuma = 8 + r.ReadUe(8, "bit_depth_luma_minus8");
        int bitDepthChroma = 8 + r.ReadUe(8, "bit_depth_chroma_minus8");
        int log2MaxPocLsb = 4 + r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4");

        var vui = TryParseRest(ref r, maxSubLayersMinus1, log2MaxPocLsb);

        return new H265Sps
        {
            VideoParameterSetId = vpsId,
            MaxSubLayers = maxSubLayersMinus1 + 1,
            TemporalIdNesting = nesting,
            ProfileTierLevel = ptl,
            SeqParameterSetId = spsId,
            ChromaFormatIdc = chromaFormatIdc,
            SeparateColourPlane = separateColourPlane,
            PicWidthInLumaSamples = picWidth,
            PicHeightInLumaSamples = picHeight,
            ConfWinLeft = left,
            ConfWinRight = right,
            ConfWinTop = top,
            ConfWinBottom = bottom,
            Width = width,
            Height = height,
            BitDepthLuma = bitDepthLuma,
            BitDepthChroma = bitDepthChroma,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            VuiPresent = vui.Present,
            TimingInfoPresent = vui.TimingInfoPresent,
            NumUnitsInTick = vui.NumUnitsInTick,
            TimeScale = vui.TimeScale,
        };
    }
}
