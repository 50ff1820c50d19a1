using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// Real SPSs: x264 output (ffmpeg -f lavfi -i testsrc=size=WxH:rate=R -frames:v 1 -pix_fmt P -c:v libx264 …)
/// and camera SDPs; the expected values were cross-checked with ffprobe and ffmpeg's trace_headers.
/// </summary>
public class H264SpsTests
{
    public const string X264High1080 = "67640028acd940780227e5c044000003000400000300c83c60c658";
    public const string X264Main720 = "674d401feca02802dd80880000030008000003019078c18cb0";
    public const string X264Baseline480 = "6742c01ed900a03db011000003000100000300320f162e48";
    public const string X264Interlaced576 = "6764001eacd940b424d8088000000300800000190f8a14cb";
    public const string X264High422 = "677a001ebcd940a02ff89c0440000003004000000c83c58b6580";
    public const string X264High444 = "67f4000d919b282c12d808800000030080000019078a14cb";
    public const string X264High10 = "676e001fa6cd9405005bb011000003000100000300320f183196";
    public const string X264Odd1366x766At30 = "67640020acd94056061e6ac044000003000400000300f03c60c658";
    public const string X264Gray = "6764000df3650507ec05b2000003000200000300641e28532c";

    /// <summary>
    /// Hikvision IP camera (realm "IP Camera(C2875)", a=Media_header:MEDIAINFO=494D4B48… in its SDP),
    /// sprop-parameter-sets=Z00AKp2oHgCJ+WbgICAoAAADAAgAAAMBlCA=,aO48gA== — note its SDP announced
    /// profile-level-id=420029 while the SPS is Main 4.2.
    /// </summary>
    public const string HikvisionMain1080 = "674d002a9da81e0089f966e02020280000030008000003019420";
    public const string HikvisionPps = "68ee3c80";

    /// <summary>
    /// Hand-built High SPS that x264 never writes: seq_scaling_matrix_present_flag = 1 (8 lists, one
    /// falling back to the default matrix via delta_scale making nextScale 0, one ending with a
    /// 0 delta run), pic_order_cnt_type = 1 with a 3-entry cycle, Extended_SAR 4:3, colour
    /// description, timing 60000/1001. ffmpeg's trace_headers reads it identically.
    /// </summary>
    public const string CraftedScalingMatrixPocType1 =
        "6764001fad8200b82004004d406004a0e41107008a0e81385cc8460b982d0b0541e0441881881083b1c0d27022902020c82d0b06408409" +
        "80ba14080230640dc1d02304008826041160f988072160460e828053020010c0900d412060263c1603b090402234489023013c0842808a1" +
        "507c08c3850640470640942a0a008a68381a0840980dc320b0583102801340b01b41c182408281702d0403c6070168330310184301a0e14" +
        "09ac0ac50660b05814685442108c05005bbff000400036a020202800001f480007530420";

    [Theory]
    //           hex,                       profile, level, width, height, chroma, depth, poc, frameMbsOnly, fps
    [InlineData(X264High1080, 100, 40, 1920, 1080, 1, 8, 0, true, 25.0)]
    [InlineData(X264Main720, 77, 31, 1280, 720, 1, 8, 0, true, 25.0)]
    [InlineData(X264Baseline480, 66, 30, 640, 480, 1, 8, 2, true, 25.0)]
    [InlineData(X264Interlaced576, 100, 30, 720, 576, 1, 8, 0, false, 25.0)]
    [InlineData(X264High422, 122, 30, 640, 360, 2, 8, 0, true, 25.0)]
    [InlineData(X264High444, 244, 13, 352, 288, 3, 8, 0, true, 25.0)]
    [InlineData(X264High10, 110, 31, 1280, 720, 1, 10, 0, true, 25.0)]
    [InlineData(X264Odd1366x766At30, 100, 32, 1366, 766, 1, 8, 0, true, 30.0)]
    [InlineData(X264Gray, 100, 13, 320, 240, 0, 8, 0, true, 25.0)]
    [InlineData(HikvisionMain1080, 77, 42, 1920, 1080, 1, 8, 2, true, 25.0)]
    [InlineData(CraftedScalingMatrixPocType1, 100, 31, 1280, 720, 1, 8, 1, true, 60000.0 / 2002)]
    public void ParsesRealSps(string hex, int profile, int level, int width, int height, int chroma, int bitDepth,
        int pocType, bool frameMbsOnly, double fps)
    {
        Assert.True(H264Sps.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Equal(profile, sps.ProfileIdc);
        Assert.Equal(level, sps.LevelIdc);
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(chroma, sps.ChromaFormatIdc);
        Assert.Equal(bitDepth, sps.BitDepthLuma);
        Assert.Equal(bitDepth, sps.BitDepthChroma);
        Assert.Equal(pocType, sps.PicOrderCntType);
        Assert.Equal(frameMbsOnly, sps.FrameMbsOnly);
        Assert.True(sps.VuiPresent);
        Assert.True(sps.TimingInfoPresent);
        Assert.NotNull(sps.FrameRate);
        Assert.Equal(fps, sps.FrameRate.Value, 6);
        Assert.Equal(0, sps.SeqParameterSetId);
    }

    [Fact]
    public void CroppingTo1080()
    {
        var sps = H264Sps.Parse(Convert.FromHexString(X264High1080));
        Assert.Equal(120, sps.PicWidthInMbs);
        Assert.Equal(68, sps.PicHeightInMapUnits);
        Assert.Equal(4, sps.CropBottom); // 4 × CropUnitY 2 = 8 rows: 1088 → 1080
        Assert.Equal("avc1.640028", sps.CodecString);
        Assert.Equal(1u, sps.NumUnitsInTick);
        Assert.Equal(50u, sps.TimeScale);
        Assert.False(sps.FixedFrameRate); // x264 leaves fixed_frame_rate_flag at 0
    }

    [Fact]
    public void InterlacedHeightCountsFieldPairs()
    {
        var sps = H264Sps.Parse(Convert.FromHexString(X264Interlaced576));
        Assert.False(sps.FrameMbsOnly);
        Assert.Equal(18, sps.PicHeightInMapUnits); // 18 map units × 2 fields × 16 = 576
    }

    [Fact]
    public void HikvisionAndCraftedDetails()
    {
        var hik = H264Sps.Parse(Convert.FromHexString(HikvisionMain1080));
        Assert.Equal("avc1.4D002A", hik.CodecString);
        Assert.Equal(50u, hik.TimeScale);

        var crafted = H264Sps.Parse(Convert.FromHexString(CraftedScalingMatrixPocType1));
        Assert.Equal(4, crafted.SarWidth);
        Assert.Equal(3, crafted.SarHeight);
        Assert.Equal(1001u, crafted.NumUnitsInTick);
        Assert.Equal(60000u, crafted.TimeScale);
        Assert.Equal(2, crafted.MaxNumRefFrames);

        var pps = H264Pps.Parse(Convert.FromHexString(HikvisionPps));
        Assert.Equal(0, pps.PicParameterSetId);
        Assert.Equal(0, pps.SeqParameterSetId);
        Assert.True(pps.EntropyCodingModeFlag);
    }

    [Fact]
    public void PpsIdsFromX264()
    {
        Assert.True(H264Pps.TryParse(Convert.FromHexString("68ebe3cb22c0"), out var pps));
        Assert.Equal(0, pps.PicParameterSetId);
        Assert.Equal(0, pps.SeqParameterSetId);
        Assert.True(pps.EntropyCodingModeFlag);
        Assert.False(H264Pps.TryParse(Convert.FromHexString(X264Main720), out _)); // an SPS is not a PPS
    }

    [Fact]
    public void SpsWithTruncatedVuiKeepsSize()
    {
        // The Hikvision SPS cut in the middle of its VUI timing info.
        var full = Convert.FromHexString(HikvisionMain1080);
        Assert.True(H264Sps.TryParse(full.AsSpan(0, 16), out var sps));
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.True(sps.VuiPresent);
        Assert.False(sps.TimingInfoPresent);
        Assert.Null(sps.FrameRate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("67")]
    [InlineData("674d00")]
    [InlineData("674d002a")] // ends before seq_parameter_set_id
    [InlineData("684d002a9da81e0089f966")] // PPS header
    [InlineData("e74d002a9da81e0089f966e02020280000030008000003019420")] // forbidden bit
    [InlineData("674d002a9da8")] // ends inside the picture size
    [InlineData("6764002a00000000000000000001")] // seq_parameter_set_id: Exp-Golomb code longer than 32 bits
    public void RejectsBadSps(string hex)
    {
        Assert.False(H264Sps.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Null(sps);
        Assert.Throws<BitstreamException>(() => H264Sps.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void RejectsCroppingLargerThanPicture()
    {
        // Baseline 16×16 (1 MB), frame_crop_left_offset = 8 → 16 − 2·8 = 0 width.
        // profile 66, level 10, sps_id 0, log2_max_frame_num_minus4 0, poc type 2, 1 ref, gaps 0,
        // width mbs−1 0, height −1 0, frame_mbs_only 1, direct8x8 1, cropping 1: 8,0,0,0, vui 0.
        var bits = "1" + "1" + "011" + "010" + "0" + "1" + "1" + "1" + "1" + "1" + "0001001" + "1" + "1" + "1" + "0" + "1";
        var data = new List<byte> { 0x67, 66, 0, 10 };
        data.AddRange(Pack(bits));
        Assert.False(H264Sps.TryParse(data.ToArray(), out _));
    }

    private static byte[] Pack(string bits)
    {
        while (bits.Length % 8 != 0) bits += "0";
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
