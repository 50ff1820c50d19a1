using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H265;

namespace Nvr.Media.Tests.H265;

public class HevcDecoderConfigurationRecordTests
{
    private const string Vps = "40010c01ffff01600000030090000003000003003c959809";
    private const string Sps = "42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210";
    private const string Pps = "4401c172b46240";

    /// <summary>
    /// The hvcC ffmpeg's mp4 muxer wrote for a 320x240 libx265 clip (-tag:v hvc1), without its fourth
    /// array (x265's user-data SEI, array_completeness 0) and so with numOfArrays = 3.
    /// </summary>
    private const string FfmpegHvcC =
        "0101600000009000000000003cf000fcfdf8f800000f03" +
        "a000010018" + Vps +
        "a10001002a" + Sps +
        "a200010007" + Pps;

    [Fact]
    public void BuildsWhatFfmpegBuilds()
    {
        var record = HevcDecoderConfigurationRecord.Create(
            Convert.FromHexString(Vps), Convert.FromHexString(Sps), Convert.FromHexString(Pps));
        var bytes = record.ToArray();
        Assert.Equal(record.Size, bytes.Length);
        Assert.Equal(Convert.FromHexString(FfmpegHvcC), bytes);
        Assert.Equal("hvc1.1.6.L60.90", record.CodecString());
    }

    [Fact]
    public void ParsesFfmpegRecordIncludingForeignArrays()
    {
        // ffmpeg's full record: 4 arrays, the last one a (here shortened) SEI array.
        var hex = FfmpegHvcC[..44] + "04" + FfmpegHvcC[46..] + "2700010005" + "4E0105FF80";
        Assert.True(HevcDecoderConfigurationRecord.TryParse(Convert.FromHexString(hex), out var record));
        Assert.Equal(1, record.GeneralProfileIdc);
        Assert.Equal(60, record.GeneralLevelIdc);
        Assert.False(record.GeneralTierFlag);
        Assert.Equal(0x60000000u, record.GeneralProfileCompatibilityFlags);
        Assert.Equal(0x900000000000ul, record.GeneralConstraintIndicatorFlags);
        Assert.Equal(1, record.ChromaFormat);
        Assert.Equal(8, record.BitDepthLuma);
        Assert.Equal(1, record.NumTemporalLayers);
        Assert.True(record.TemporalIdNested);
        Assert.Equal(4, record.NalUnitLengthSize);
        Assert.Equal(Convert.FromHexString(Vps), Assert.Single(record.VideoParameterSets));
        Assert.Equal(Convert.FromHexString(Sps), Assert.Single(record.SequenceParameterSets));
        Assert.Equal(Convert.FromHexString(Pps), Assert.Single(record.PictureParameterSets));
    }

    [Fact]
    public void Main10AndSubLayersCarryThrough()
    {
        var record = HevcDecoderConfigurationRecord.Create(
            [Convert.FromHexString(H265SpsTests.X265TwoSubLayersVps)],
            [Convert.FromHexString(H265SpsTests.X265TwoSubLayers)],
            [Convert.FromHexString(Pps)]);
        Assert.Equal(2, record.NumTemporalLayers);
        Assert.True(HevcDecoderConfigurationRecord.TryParse(record.ToArray(), out var parsed));
        Assert.Equal(2, parsed.NumTemporalLayers);
        Assert.False(parsed.TemporalIdNested);

        var main10 = HevcDecoderConfigurationRecord.Create(
            Convert.FromHexString(Vps), Convert.FromHexString(H265SpsTests.X265Main10At30), Convert.FromHexString(Pps));
        Assert.Equal(10, main10.BitDepthLuma);
        Assert.Equal(2, main10.GeneralProfileIdc);
        Assert.Equal(0xFA, main10.ToArray()[17]); // '11111' | bitDepthLumaMinus8 = 2
    }

    [Theory]
    [InlineData("")]
    [InlineData("0101600000009000000000003cf000fcfdf8f800000f")] // 22 bytes
    [InlineData("0201600000009000000000003cf000fcfdf8f800000f00")] // version 2
    [InlineData("0101600000009000000000003cf000fcfdf8f800000e00")] // lengthSizeMinusOne = 2
    [InlineData("0101600000009000000000003cf000fcfdf8f800000f01a0")] // array header cut
    [InlineData("0101600000009000000000003cf000fcfdf8f800000f01a00002000140")] // second NAL unit missing
    [InlineData("0101600000009000000000003cf000fcfdf8f800000f01a00001ffff40")] // NAL length past the end
    public void RejectsMalformed(string hex)
    {
        Assert.False(HevcDecoderConfigurationRecord.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void CreateNeedsAllThreeParameterSets()
    {
        Assert.Throws<BitstreamException>(() => HevcDecoderConfigurationRecord.Create([], [Convert.FromHexString(Sps)], [Convert.FromHexString(Pps)]));
        Assert.Throws<BitstreamException>(() => HevcDecoderConfigurationRecord.Create(
            [Convert.FromHexString(Vps)], [Convert.FromHexString("4201")], [Convert.FromHexString(Pps)]));
    }
}
