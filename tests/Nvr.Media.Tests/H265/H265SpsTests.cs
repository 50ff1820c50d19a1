using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H265;

namespace Nvr.Media.Tests.H265;

/// <summary>
/// Real parameter sets: x265 output (ffmpeg -f lavfi -i testsrc=size=WxH:rate=R -frames:v 1 -pix_fmt P
/// -c:v libx265 …) and camera SDPs; expected values cross-checked with ffprobe and ffmpeg's trace_headers.
/// </summary>
public class H265SpsTests
{
    public const string X265Vps1080 = "40010c01ffff016000000300900000030000030078959809";
    public const string X265Sps1080 = "420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000c84";
    public const string X265Pps = "4401c172b46240";
    public const string X265Main10At30 = "42010102200000030090000003000003005da00280802d1365959a4932bc05a020000003002000000303c1";
    public const string X265Rext444 = "4201010408000003009e0800000300003f9000a0402d2cb2b349265780b4040000030004000003006420";
    public const string X265Rext422At12Bit = "420101040800000300990800000300003fb00b0804845296566924caf0168080000003008000001904";
    public const string X265Odd1366x766 = "420101016000000300900000030000030078a002ac80301d565959a4932bc05a020000030002000003003210";
    /// <summary>x265 --temporal-layers: sps_max_sub_layers_minus1 = 1, so profile_tier_level has sub-layer flags.</summary>
    public const string X265TwoSubLayers = "42010201600000030090000003000003003c0000a00a080f1659598acd24995e02d0100000030010000003019080";
    public const string X265TwoSubLayersVps = "40010c02ffff01600000030090000003000003003c00009598acc048";

    /// <summary>x265 with a custom scaling-list file: scaling_list_data() present in the SPS.</summary>
    public const string X265ScalingLists =
        "42010101600000030090000003000003003ca00a080f165959a493e08183a0c8e06e70c078321004a0c0e20742004a0983714161c0bc13" +
        "0d60a80860d01ba814880af0e14c3c24201189088b0a40c0110ea080290641d0e05c4060198321a0ee04c04e202a09081f04838263984c80" +
        "9c11409c1904a0c03813042241b011ca1406c0cc141205604a70550a86d0321a428b06e0b0220a0220bc1506014830611640a8f0d8481c02" +
        "341f054190d83e0e8a0a1c1a94080111e1a1004d0a0360268581102f120a816811811b0dc120502a080507c2c1f0486160dc3c1330804809" +
        "4222c100741e0d06a1e33504a042098e088a0a85c1105c5880805cc0b8401340901905e088340bc1a023054190c864170271226056383d06" +
        "40cc08c34606c2ec2e1683007a1c8582638198280c1808710383e04206e08985c1a0250420899e09080f41a0f06a0fa0b41502538c1a0c01" +
        "18c0b02718110843cc30662d8f1604807e0e8c1b140fc1d031020010c4024056188e8682a08c1002904409c50340b8238b0400901c8341a0" +
        "d410024608c2240c811102983005e341b0f0621c870383c190542241c241782a1e130d0270d04c60a0903304c287822056130e06c28203a1" +
        "006804702202f1809c1a04c3c1d1a110e07c702407604205e0c815c1802742031021811015c0ac241b8e04c0d40880dca1102602b099c088" +
        "04b02003740b808204404e58e94a180c8b28503e09024607a1e0f0390680fc1c360cc1e0d06a0d870741005c280cc260a0586c70620b0173" +
        "07260e06011868169c241c0b82607e2902020370b02c04e0842c1c0e982224381f0581c098d0984c301a0b8f0e8360b1c3218052504c130d" +
        "83a3c1a82c0760a8510148720982c3420203011062382620100683e3c1102d160c0482d38681207c586011832042c30170a981d011438341" +
        "802d0c0f0f81001a854170702a19202302231a09c1f0144280c040905a148220440cc603206630718350b8330240124180583a1d0c078158" +
        "32026812022c271a0a810870e2018941118380430f41283a0e8260e8b0e010c280b022140a88042818102a5181186008c04d024010c1602d" +
        "140e88130e8601d84860684021180920bc108a0641f090f60a81c83606e080260b80921e0d0b20a05e3c2471a0e0361c8390440a41505430" +
        "0ac19074190442e1c82828320427090501483007230140292878221d460b878170290905008a04683338f04c3c1807c48805e20341404e14" +
        "1a170b05820202a160d854582406e098368502404a17100ca1a0220330e06c28245904981182a0810188240660f840f0b012470281d0d86c" +
        "2e04806e160d8220e89120b01782e0bd02804a08409404105c0cc50201a0841f039106120a85010411160981007c7850340841a02f0902f0" +
        "2120208240a07c483839a04b0802e6201484c300a008a0a818840520f9840b0490480410600ec38090223848230681b0620f0582f0602c15" +
        "8c2826860e81f0350443c4141090170f0f85234173163e40a82e0a85479c150250f0722c109a088321238a0b890420e90391c12052090138" +
        "e091036182070223836185780b4040000003004000000642";

    /// <summary>Dahua camera SDP (a=packetization-supported:DH), sub-stream: sprop-sps=QgEBAWAAAAMAsAAAAwAAAwBaoAWCAJBY2uSTL5A=.</summary>
    public const string DahuaSps704x576 = "420101016000000300b0000003000003005aa00582009058dae4932f90";
    public const string DahuaVps = "40010c01ffff016000000300b0000003000003005aac09";

    /// <summary>
    /// Hikvision camera SDP (a=Media_header:MEDIAINFO=494D4B48…), sprop-sps=QgEBAWAAAAMAsAAAAwAAAwBdoAKAgC0WWVmkkyuAQEAAAAMAQAAAB4I=.
    /// Its VUI timing reads as 16777216/16777216 and its SPS extension ends early (ffmpeg's trace
    /// says the same): the size must still come out.
    /// </summary>
    public const string HikvisionSps720 = "420101016000000300b0000003000003005da00280802d165959a4932b804040000003004000000782";

    [Theory]
    //           hex,                profile, tier, level, width, height, chroma, depth, fps (0 = none)
    [InlineData(X265Sps1080, 1, false, 120, 1920, 1080, 1, 8, 25.0)]
    [InlineData(X265Main10At30, 2, false, 93, 1280, 720, 1, 10, 30.0)]
    [InlineData(X265Rext444, 4, false, 63, 640, 360, 3, 8, 25.0)]
    [InlineData(X265Rext422At12Bit, 4, false, 63, 352, 288, 2, 12, 50.0)]
    [InlineData(X265Odd1366x766, 1, false, 120, 1366, 766, 1, 8, 25.0)]
    [InlineData(X265TwoSubLayers, 1, false, 60, 320, 240, 1, 8, 25.0)]
    [InlineData(X265ScalingLists, 1, false, 60, 320, 240, 1, 8, 25.0)]
    [InlineData(DahuaSps704x576, 1, false, 90, 704, 576, 1, 8, 0.0)]
    [InlineData(HikvisionSps720, 1, false, 93, 1280, 720, 1, 8, 1.0)]
    public void ParsesRealSps(string hex, int profile, bool tier, int level, int width, int height, int chroma, int bitDepth, double fps)
    {
        Assert.True(H265Sps.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Equal(profile, sps.ProfileTierLevel.GeneralProfileIdc);
        Assert.Equal(tier, sps.ProfileTierLevel.GeneralTierFlag);
        Assert.Equal(level, sps.ProfileTierLevel.GeneralLevelIdc);
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(chroma, sps.ChromaFormatIdc);
        Assert.Equal(bitDepth, sps.BitDepthLuma);
        Assert.Equal(bitDepth, sps.BitDepthChroma);
        if (fps == 0) Assert.Null(sps.FrameRate);
        else Assert.Equal(fps, sps.FrameRate!.Value, 6);
        Assert.Equal(0, sps.SeqParameterSetId);
        Assert.Equal(0, sps.VideoParameterSetId);
    }

    [Fact]
    public void ConformanceWindowCropsToTheDisplaySize()
    {
        // x265 codes 1920x1080 directly (8-sample minimum coding blocks): no window.
        var sps = H265Sps.Parse(Convert.FromHexString(X265Sps1080));
        Assert.Equal((1920, 1080), (sps.PicWidthInLumaSamples, sps.PicHeightInLumaSamples));
        Assert.Equal(0, sps.ConfWinBottom);
        Assert.Equal("hvc1.1.6.L120.90", sps.CodecString);
        Assert.Equal(1u, sps.NumUnitsInTick);
        Assert.Equal(25u, sps.TimeScale);

        // 1366x766 is coded as 1368x768 with a 1-unit (× SubWidthC/SubHeightC 2) right and bottom window.
        var odd = H265Sps.Parse(Convert.FromHexString(X265Odd1366x766));
        Assert.Equal((1368, 768), (odd.PicWidthInLumaSamples, odd.PicHeightInLumaSamples));
        Assert.Equal((0, 1, 0, 1), (odd.ConfWinLeft, odd.ConfWinRight, odd.ConfWinTop, odd.ConfWinBottom));
        Assert.Equal((1366, 766), (odd.Width, odd.Height));
    }

    [Fact]
    public void SubLayersAreSkipped()
    {
        var sps = H265Sps.Parse(Convert.FromHexString(X265TwoSubLayers));
        Assert.Equal(2, sps.MaxSubLayers);
        var vps = H265Vps.Parse(Convert.FromHexString(X265TwoSubLayersVps));
        Assert.Equal(2, vps.MaxSubLayers);
        Assert.Equal(60, vps.ProfileTierLevel.GeneralLevelIdc);
    }

    [Fact]
    public void ParameterSetIdentification()
    {
        var vps = H265Vps.Parse(Convert.FromHexString(X265Vps1080));
        Assert.Equal(0, vps.VideoParameterSetId);
        Assert.Equal(1, vps.MaxSubLayers);
        Assert.True(vps.TemporalIdNesting);
        Assert.Equal(1, vps.ProfileTierLevel.GeneralProfileIdc);
        Assert.Equal(120, vps.ProfileTierLevel.GeneralLevelIdc);

        var pps = H265Pps.Parse(Convert.FromHexString(X265Pps));
        Assert.Equal(0, pps.PicParameterSetId);
        Assert.Equal(0, pps.SeqParameterSetId);

        Assert.True(H265Vps.TryParse(Convert.FromHexString(DahuaVps), out var dahua));
        Assert.Equal(90, dahua.ProfileTierLevel.GeneralLevelIdc);
        Assert.False(H265Pps.TryParse(Convert.FromHexString(X265Vps1080), out _));
        Assert.False(H265Vps.TryParse(Convert.FromHexString(X265Pps), out _));
    }

    [Fact]
    public void CodecStrings()
    {
        Assert.Equal("hvc1.2.4.L93.90", H265Sps.Parse(Convert.FromHexString(X265Main10At30)).CodecString);
        Assert.Equal("hvc1.1.6.L90.B0", H265Sps.Parse(Convert.FromHexString(DahuaSps704x576)).CodecString);
    }

    [Fact]
    public void TruncatedAfterTheSizeKeepsTheSize()
    {
        var full = Convert.FromHexString(X265Sps1080);
        Assert.True(H265Sps.TryParse(full.AsSpan(0, 26), out var sps));
        Assert.Equal((1920, 1080), (sps.Width, sps.Height));
        Assert.Null(sps.FrameRate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4201")]
    [InlineData("42010101600000030090")] // ends inside profile_tier_level
    [InlineData("440101016000000300900000030000030078a003c08010e5")] // PPS header
    [InlineData("c20101016000000300900000030000030078a003c08010e5")] // forbidden bit
    [InlineData("42010f016000000300900000030000030078a003c08010e5")] // sps_max_sub_layers_minus1 = 7
    [InlineData("420101016000000300900000030000030078a003c0")] // ends inside the picture size
    [InlineData("420101016000000300900000030000030078ac")] // zero width and height
    public void RejectsBadSps(string hex)
    {
        Assert.False(H265Sps.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Null(sps);
        Assert.Throws<BitstreamException>(() => H265Sps.Parse(Convert.FromHexString(hex)));
    }
}
