using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;

namespace Nvr.Media.Tests.H264;

public class AvcDecoderConfigurationRecordTests
{
    [Fact]
    public void BuildsMainProfileRecordWithoutExtension()
    {
        var sps = Convert.FromHexString(H264SpsTests.HikvisionMain1080);
        var pps = Convert.FromHexString(H264SpsTests.HikvisionPps);
        var bytes = AvcDecoderConfigurationRecord.Create(sps, pps).ToArray();
        var expected = Convert.FromHexString(
            "01" + "4D" + "00" + "2A" + "FF" + "E1" + "001A" + H264SpsTests.HikvisionMain1080 + "01" + "0004" + H264SpsTests.HikvisionPps);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void BuildsHighProfileRecordWithExtension()
    {
        var sps = Convert.FromHexString(H264SpsTests.X264High10);
        var pps = Convert.FromHexString("68ebe3cb22c0");
        var record = AvcDecoderConfigurationRecord.Create(sps, pps);
        var bytes = record.ToArray();
        Assert.Equal(record.Size, bytes.Length);
        // ... numOfPictureParameterSets, PPS, then chroma 4:2:0, luma/chroma bit depth 10, no SPS ext.
        Assert.Equal(Convert.FromHexString("FDFAFA00"), bytes[^4..]);
        Assert.Equal(Convert.FromHexString("016E001FFFE1"), bytes[..6]);

        Assert.True(AvcDecoderConfigurationRecord.TryParse(bytes, out var parsed));
        Assert.Equal(110, parsed.ProfileIndication);
        Assert.Equal(31, parsed.LevelIndication);
        Assert.Equal(4, parsed.NalUnitLengthSize);
        Assert.Equal(10, parsed.BitDepthLuma);
        Assert.Equal(1, parsed.ChromaFormat);
        Assert.Equal(sps, Assert.Single(parsed.SequenceParameterSets));
        Assert.Equal(pps, Assert.Single(parsed.PictureParameterSets));
    }

    [Fact]
    public void ParsesFfmpegAvcC()
    {
        // avcC written by ffmpeg's mp4 muxer for the x264 1080p High stream (extension included).
        var hex = "01640028FFE1001B" + H264SpsTests.X264High1080 + "01000668EBE3CB22C0FDF8F800";
        Assert.True(AvcDecoderConfigurationRecord.TryParse(Convert.FromHexString(hex), out var record));
        Assert.Equal(100, record.ProfileIndication);
        Assert.Equal(40, record.LevelIndication);
        Assert.Equal(Convert.FromHexString(H264SpsTests.X264High1080), record.SequenceParameterSets[0]);
        Assert.Equal(Convert.FromHexString("68EBE3CB22C0"), record.PictureParameterSets[0]);
        // Round trip is byte-exact.
        Assert.Equal(Convert.FromHexString(hex), AvcDecoderConfigurationRecord.Create(record.SequenceParameterSets, record.PictureParameterSets).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("01640028")]
    [InlineData("02640028FFE1000467640028010004")] // version 2
    [InlineData("01640028FEE100046764002801000468EE3C80")] // lengthSizeMinusOne = 2 (3-byte lengths undefined)
    [InlineData("01640028FFE1FFFF6764")] // SPS length past the end
    [InlineData("01640028FFE100046764002802000468EE3C80")] // 2 PPS announced, 1 present
    [InlineData("01640028FFE100046764002801")] // PPS count but no PPS
    public void RejectsMalformed(string hex)
    {
        Assert.False(AvcDecoderConfigurationRecord.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void CreateRejectsMissingOrBadParameterSets()
    {
        Assert.Throws<BitstreamException>(() => AvcDecoderConfigurationRecord.Create([], [[0x68, 0xEE]]));
        Assert.Throws<BitstreamException>(() => AvcDecoderConfigurationRecord.Create([[0x67, 0x42]], [[0x68, 0xEE]]));
    }
}
