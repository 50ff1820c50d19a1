namespace Nvr.Media.Codecs.H265;

/// <summary>The part of the SPS after the bit depths, read only to reach the VUI timing information.</summary>
public sealed partial class H265Sps
{
    private const int MaxShortTermRefPicSets = 64;
    private const int MaxDeltaPocs = 32;

    private struct VuiTiming
    {
        public bool Present;
        public bool TimingInfoPresent;
        public uint NumUnitsInTick;
        public uint TimeScale;
    }

    /// <summary>Reads from sps_sub_layer_ordering_info_present_flag to the VUI timing (§7.3.2.2.1, §E.2.1).</summary>
    private static VuiTiming TryParseRest(ref BitReader r, int maxSubLayersMinus1, int log2MaxPocLsb)
    {
        var vui = default(VuiTiming);
        try
        {
            bool orderingInfo = r.ReadBit();
            for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
            {
                r.ReadUe(15, "sps_max_dec_pic_buffering_minus1");
                r.ReadUe(); // sps_max_num_reorder_pics
                r.ReadUe(); // sps_max_latency_increase_plus1
            }
            r.ReadUe(); // log2_min_luma_coding_block_size_minus3
            r.ReadUe(); // log2_diff_max_min_luma_coding_block_size
            r.ReadUe(); // log2_min_luma_transform_block_size_minus2
            r.ReadUe(); // log2_diff_max_min_luma_transform_block_size
            r.ReadUe(); // max_transform_hierarchy_depth_inter
            r.ReadUe(); // max_transform_hierarchy_depth_intra
            if (r.ReadBit() && r.ReadBit()) SkipScalingListData(ref r); // scaling_list_enabled, sps_scaling_list_data_present
            r.ReadBit(); // amp_enabled_flag
            r.ReadBit(); // sample_adaptive_offset_enabled_flag
            if (r.ReadBit()) // pcm_enabled_flag
            {
                r.Skip(4 + 4); // pcm sample bit depths
                r.ReadUe(); // log2_min_pcm_luma_coding_block_size_minus3
                r.ReadUe(); // log2_diff_max_min_pcm_luma_coding_block_size
                r.ReadBit(); // pcm_loop_filter_disabled_flag
            }
            int sets = r.ReadUe(MaxShortTermRefPicSets, "num_short_term_ref_pic_sets");
            Span<int> numDeltaPocs = stackalloc int[MaxShortTermRefPicSets];
            for (int i = 0; i < sets; i++) numDeltaPocs[i] = SkipShortTermRefPicSet(ref r, i, numDeltaPocs);
            if (r.ReadBit()) // long_term_ref_pics_present_flag
            {
                int count = r.ReadUe(32, "num_long_term_ref_pics_sps");
                for (int i = 0; i < count; i++) r.Skip(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
            }
            r.ReadBit(); // sps_temporal_mvp_enabled_flag
            r.ReadBit(); // strong_intra_smoothing_enabled_flag
            if (!r.ReadBit()) return vui; // vui_parameters_present_flag
            vui.Present = true;

            if (r.ReadBit()) // aspect_ratio_info_present_flag
            {
                if (r.ReadBits(8) == 255) r.Skip(32); // Extended_SAR: sar_width, sar_height
            }
            if (r.ReadBit()) r.ReadBit(); // overscan_info_present_flag, overscan_appropriate_flag
            if (r.ReadBit()) // video_signal_type_present_flag
            {
                r.Skip(3 + 1); // video_format, video_full_range_flag
                if (r.ReadBit()) r.Skip(24); // colour description
            }
            if (r.ReadBit()) // chroma_loc_info_present_flag
            {
                r.ReadUe();
                r.ReadUe();
            }
            r.Skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
            if (r.ReadBit()) // default_display_window_flag
            {
                for (int i = 0; i < 4; i++) r.ReadUe();
            }
            if (r.ReadBit()) // vui_timing_info_present_flag
            {
                uint units = r.ReadBits(32);
                uint scale = r.ReadBits(32);
                vui.NumUnitsInTick = units;
                vui.TimeScale = scale;
                vui.TimingInfoPresent = true;
            }
        }
        catch (BitstreamException)
        {
            // Cut short after the picture size: the size stays valid, the timing is unknown.
        }
        return vui;
    }

    /// <summary>scaling_list_data() of §7.3.4, values discarded.</summary>
    private static void SkipScalingListData(ref BitReader r)
    {
        for (int sizeId = 0; sizeId < 4; sizeId++)
        {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1)
            {
                if (!r.ReadBit()) // scaling_list_pred_mode_flag
                {
                    r.ReadUe(matrixId, "scaling_list_pred_matrix_id_delta");
                    continue;
                }
                int coefNum = Math.Min(64, 1 << (4 + (sizeId << 1)));
                if (sizeId > 1) r.ReadSe(-7, 247, "scaling_list_dc_coef_minus8");
                for (int i = 0; i < coefNum; i++) r.ReadSe(-128, 127, "scaling_list_delta_coef");
            }
        }
    }

    /// <summary>st_ref_pic_set(stRpsIdx) of §7.3.7 as it appears in an SPS; returns NumDeltaPocs[stRpsIdx] (§7.4.8).</summary>
    private static int SkipShortTermRefPicSet(ref BitReader r, int index, scoped ReadOnlySpan<int> numDeltaPocs)
    {
        bool interPrediction = index != 0 && r.ReadBit();
        if (interPrediction)
        {
            // delta_idx_minus1 is only present in slice headers: RefRpsIdx = stRpsIdx − 1 here.
            r.ReadBit(); // delta_rps_sign
            r.ReadUe(32767, "abs_delta_rps_minus1");
            int count = 0;
            for (int j = 0; j <= numDeltaPocs[index - 1]; j++)
            {
                bool usedByCurrPic = r.ReadBit();
                bool useDelta = usedByCurrPic || r.ReadBit();
                if (useDelta) count++;
            }
            if (count > MaxDeltaPocs) throw new BitstreamException("too many delta POCs");
            return count;
        }
        int negative = r.ReadUe(16, "num_negative_pics");
        int positive = r.ReadUe(16, "num_positive_pics");
        for (int i = 0; i < negative + positive; i++)
        {
            r.ReadUe(32767, "delta_poc_minus1");
            r.ReadBit(); // used_by_curr_pic_flag
        }
        return negative + positive;
    }
}
