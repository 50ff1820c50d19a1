using Nvr.Media.Codecs.Aac;

namespace Nvr.Media.Tests.Aac;

public class AudioSpecificConfigTests
{
    [Theory]
    // hex, object type, frequency index, rate, channel config, channels, frame length
    [InlineData("1210", 2, 4, 44100, 2, 2, 1024)]
    [InlineData("1408", 2, 8, 16000, 1, 1, 1024)]
    [InlineData("1588", 2, 11, 8000, 1, 1, 1024)]
    [InlineData("119056E500", 2, 3, 48000, 2, 2, 1024)] // ffmpeg 5.1 SDP, with a trailing SBR sync extension
    [InlineData("1194", 2, 3, 48000, 2, 2, 960)]
    [InlineData("11B0", 2, 3, 48000, 6, 6, 1024)]
    [InlineData("11B8", 2, 3, 48000, 7, 8, 1024)]
    [InlineData("0A10", 1, 4, 44100, 2, 2, 1024)] // AAC Main
    [InlineData("F94640", 42, 3, 48000, 2, 2, 1024)] // escaped object type (31 + 6 bits)
    public void Parses_common_configs(string hex, int objectType, int index, int rate, int channelConfig, int channels, int frameLength)
    {
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var c));
        Assert.Equal(objectType, c!.ObjectType);
        Assert.Equal(0, c.ExtensionObjectType);
        Assert.Equal(index, c.SamplingFrequencyIndex);
        Assert.Equal(rate, c.SampleRate);
        Assert.Equal(channelConfig, c.ChannelConfiguration);
        Assert.Equal(channels, c.Channels);
        Assert.Equal(frameLength, c.FrameLength);
        Assert.Equal(hex, Convert.ToHexString(c.Bytes.Span));
    }

    [Fact]
    public void Explicit_24_bit_sampling_frequency()
    {
        // 00010 1111 <44000 in 24 bits> 0001 000
        var bytes = Convert.FromHexString("178055F008");
        Assert.True(AudioSpecificConfig.TryParse(bytes, out var c));
        Assert.Equal(15, c!.SamplingFrequencyIndex);
        Assert.Equal(44000, c.SampleRate);
        Assert.Equal(1, c.Channels);
        Assert.Equal(bytes, AudioSpecificConfig.Create(2, 44000, 1));
    }

    [Fact]
    public void Explicit_he_aac_signals_core_and_extension()
    {
        // 00101 (SBR) 0110 (24 kHz) 0010 (stereo) 0011 (48 kHz) 00010 (AAC LC) 000
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString("2B118800"), out var c));
        Assert.Equal(2, c!.ObjectType);
        Assert.Equal(5, c.ExtensionObjectType);
        Assert.Equal(24000, c.SampleRate);
        Assert.Equal(48000, c.ExtensionSampleRate);
        Assert.Equal(2, c.Channels);
    }

    [Theory]
    [InlineData(2, 44100, 2, false, "1210")]
    [InlineData(2, 48000, 2, true, "1194")]
    [InlineData(2, 8000, 1, false, "1588")]
    public void Create_writes_the_standard_bytes(int objectType, int rate, int channels, bool frame960, string hex)
    {
        Assert.Equal(hex, Convert.ToHexString(AudioSpecificConfig.Create(objectType, rate, channels, frame960)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]       // one byte
    [InlineData("16A0")]     // frequency index 13 is reserved
    [InlineData("1240")]     // channel configuration 8 is reserved
    [InlineData("0010")]     // object type 0
    [InlineData("17800000")] // explicit frequency cut short
    public void Rejects_truncated_or_reserved(string hex)
    {
        Assert.False(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var c));
        Assert.Null(c);
    }

    [Theory]
    [InlineData("119056E500", "119056E500")]
    [InlineData("1210", "1210")]
    [InlineData(" 1408 ", "1408")]
    [InlineData("abcdef", "ABCDEF")]
    public void Decodes_fmtp_config_hex(string text, string expected)
    {
        Assert.True(AudioSpecificConfig.TryDecodeHex(text, out var bytes));
        Assert.Equal(expected, Convert.ToHexString(bytes!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("121")]
    [InlineData("12g0")]
    [InlineData("0x1210")]
    public void Rejects_bad_fmtp_config_hex(string text)
    {
        Assert.False(AudioSpecificConfig.TryDecodeHex(text, out _));
    }
}
