using Nvr.Media.Codecs.Aac;

namespace Nvr.Media.Tests.Aac;

public class AdtsHeaderTests
{
    private static AudioSpecificConfig Config(string hex)
    {
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var c));
        return c!;
    }

    [Theory]
    // Headers of the first frame ffmpeg 5.1 wrote with `-c:a aac -f adts` for 48 kHz stereo and 16 kHz mono.
    [InlineData("1190", 288, "FFF14C8024FFFC")]
    [InlineData("1408", 514, "FFF16040413FFC")]
    [InlineData("1210", 371, "FFF150802F5FFC")]
    public void Writes_the_bytes_ffmpeg_writes(string config, int payloadLength, string expected)
    {
        var header = new byte[AdtsHeader.Size];
        Assert.True(AdtsHeader.TryWrite(header, Config(config), payloadLength));
        Assert.Equal(expected, Convert.ToHexString(header));
    }

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var header = new byte[AdtsHeader.Size];
        Assert.True(AdtsHeader.TryWrite(header, Config("11B0"), 1000));
        Assert.True(AdtsHeader.TryRead(header, out int objectType, out int index, out int channels, out int frameLength, out int headerLength));
        Assert.Equal((2, 3, 6, 1007, 7), (objectType, index, channels, frameLength, headerLength));
    }

    [Fact]
    public void He_aac_is_written_with_its_core_type_and_rate()
    {
        var header = new byte[AdtsHeader.Size];
        Assert.True(AdtsHeader.TryWrite(header, Config("2B118800"), 100));
        Assert.True(AdtsHeader.TryRead(header, out int objectType, out int index, out int channels, out _, out _));
        Assert.Equal((2, 6, 2), (objectType, index, channels));
    }

    [Theory]
    [InlineData("178055F008", 10)]   // explicit 44 kHz: no ADTS index
    [InlineData("F94640", 10)]       // object type 42
    [InlineData("1210", 8185)]       // 8192 bytes with header: over 13 bits
    public void Refuses_what_adts_cannot_express(string config, int payloadLength)
    {
        Assert.False(AdtsHeader.TryWrite(new byte[AdtsHeader.Size], Config(config), payloadLength));
    }

    [Fact]
    public void Largest_frame_fits()
    {
        Assert.True(AdtsHeader.TryWrite(new byte[AdtsHeader.Size], Config("1210"), AdtsHeader.MaxFrameLength - AdtsHeader.Size));
    }
}
