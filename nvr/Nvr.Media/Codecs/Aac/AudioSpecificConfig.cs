namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), the "config" of an RTP mpeg4-generic
/// track (RFC 3640 §4.1) and the payload of an MP4 <c>esds</c> DecoderSpecificInfo.
/// </summary>
/// <remarks>
/// <code>
/// audioObjectType          5 bits   (31 = escape: 32 + next 6 bits)
/// samplingFrequencyIndex   4 bits   (15 = explicit: next 24 bits are the rate in Hz)
/// channelConfiguration     4 bits   (0 = defined by a program_config_element)
/// if audioObjectType is 5 (SBR) or 29 (PS), explicit hierarchical signalling:
///   extensionSamplingFrequencyIndex 4 bits (15 = explicit 24 bits)
///   audioObjectType        5 bits   (the core, usually 2 = AAC LC)
/// GASpecificConfig (types 1-4, 6, 7, 17, 19-23):
///   frameLengthFlag        1 bit    (0: 1024 samples per frame, 1: 960; LD: 512/480)
///   dependsOnCoreCoder     1 bit    (then coreCoderDelay 14 bits)
///   extensionFlag          1 bit
/// ELDSpecificConfig (type 39) starts with frameLengthFlag (0: 512, 1: 480).
/// </code>
/// Only the fields a muxer or depacketizer needs are decoded; the rest stays in <see cref="Bytes"/>.
/// </remarks>
public sealed class AudioSpecificConfig
{
    /// <summary>ISO/IEC 14496-3 Table 1.18, indexes 0-12; 13 and 14 are reserved.</summary>
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Cap on the accepted config (a program_config_element can be long, never this long).</summary>
    public const int MaxSize = 512;

    public const int ObjectTypeAacMain = 1;
    public const int ObjectTypeAacLc = 2;
    public const int ObjectTypeSbr = 5;
    public const int ObjectTypePs = 29;

    private AudioSpecificConfig(byte[] bytes) => Bytes = bytes;

    /// <summary>The config as received.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }
    /// <summary>Core audio object type (2 = AAC LC); for explicit HE-AAC, the type under SBR/PS.</summary>
    public int ObjectType { get; private init; }
    /// <summary>5 (SBR, HE-AAC) or 29 (PS, HE-AAC v2) when signalled explicitly, else 0.</summary>
    public int ExtensionObjectType { get; private init; }
    /// <summary>Table index of the core rate, or 15 when it was given explicitly.</summary>
    public int SamplingFrequencyIndex { get; private init; }
    /// <summary>Core sampling rate in Hz.</summary>
    public int SampleRate { get; private init; }
    /// <summary>Output rate of the SBR extension in Hz, or 0 when there is none.</summary>
    public int ExtensionSampleRate { get; private init; }
    public int ChannelConfiguration { get; private init; }
    /// <summary>Channels implied by <see cref="ChannelConfiguration"/>; 0 when a PCE defines them.</summary>
    public int Channels { get; private init; }
    /// <summary>Samples per frame at the core rate: 1024 or 960 (512 or 480 for low delay).</summary>
    public int FrameLength { get; private init; }

    /// <summary>Parses a config. Returns false (never throws) for truncated or reserved values.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out AudioSpecificConfig? config)
    {
        config = null;
        if (data.Length < 2 || data.Length > MaxSize) return false;
        var r = new AacBitReader(data);
        int objectType = ReadObjectType(ref r);
        int rate = ReadSampleRate(ref r, out int frequencyIndex);
        int channelConfiguration = (int)r.Read(4);
        int extensionType = 0;
        int extensionRate = 0;
        if (objectType is ObjectTypeSbr or ObjectTypePs)
        {
            extensionType = objectType;
            extensionRate = ReadSampleRate(ref r, out _);
            objectType = ReadObjectType(ref r);
        }
        int frameLength = 1024;
        switch (objectType)
        {
            case 1 or 2 or 3 or 4 or 6 or 7 or 17 or 19 or 20 or 21 or 22:
                frameLength = r.ReadFlag() ? 960 : 1024;
                break;
            case 23:
                frameLength = r.ReadFlag() ? 480 : 512;
                break;
            case 39:
                frameLength = r.ReadFlag() ? 480 : 512;
                break;
        }
        if (r.Overrun || rate <= 0 || objectType == 0 || (extensionType != 0 && extensionRate <= 0)) return false;
        int channels = channelConfiguration switch
        {
            >= 1 and <= 6 => channelConfiguration,
            7 or 12 or 14 => 8,
            11 => 7,
            13 => 24,
            _ => 0,
        };
        if (channelConfiguration != 0 && channels == 0) return false;
        config = new AudioSpecificConfig(data.ToArray())
        {
            ObjectType = objectType,
            ExtensionObjectType = extensionType,
            SamplingFrequencyIndex = frequencyIndex,
            SampleRate = rate,
            ExtensionSampleRate = extensionRate,
            ChannelConfiguration = channelConfiguration,
            Channels = channels,
            FrameLength = frameLength,
        };
        return true;
    }

    /// <summary>
    /// Builds the 2-byte (or 5-byte, for a rate outside the table) config of a plain AAC stream:
    /// GASpecificConfig with frameLengthFlag per <paramref name="frameLength960"/>, no core coder,
    /// no extension.
    /// </summary>
    public static byte[] Create(int objectType, int sampleRate, int channelConfiguration, bool frameLength960 = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objectType, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(objectType, 30);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 0xFFFFFF);
        ArgumentOutOfRangeException.ThrowIfNegative(channelConfiguration);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelConfiguration, 15);
        int index = SampleRateIndex(sampleRate);
        ulong bits = (ulong)objectType;
        int count = 5;
        if (index >= 0)
        {
            bits = (bits << 4) | (uint)index;
            count += 4;
        }
        else
        {
            bits = (bits << 28) | (0xFul << 24) | (uint)sampleRate;
            count += 28;
        }
        bits = (bits << 4) | (uint)channelConfiguration;
        bits = (bits << 3) | (frameLength960 ? 4u : 0u);
        count += 7;
        int bytes = (count + 7) / 8;
        bits <<= bytes * 8 - count;
        var result = new byte[bytes];
        for (int i = 0; i < bytes; i++) result[i] = (byte)(bits >> (8 * (bytes - 1 - i)));
        return result;
    }

    /// <summary>
    /// Decodes the hex string of an SDP fmtp <c>config=</c> parameter (RFC 3640 §4.1). Returns
    /// false for an odd length, a non-hex character or more than <see cref="MaxSize"/> bytes.
    /// </summary>
    public static bool TryDecodeHex(ReadOnlySpan<char> hex, out byte[]? bytes)
    {
        bytes = null;
        hex = hex.Trim();
        if (hex.Length == 0 || hex.Length % 2 != 0 || hex.Length / 2 > MaxSize) return false;
        var result = new byte[hex.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            int hi = HexValue(hex[2 * i]);
            int lo = HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            result[i] = (byte)((hi << 4) | lo);
        }
        bytes = result;
        return true;
    }

    /// <summary>Index of <paramref name="sampleRate"/> in the standard table, or -1.</summary>
    public static int SampleRateIndex(int sampleRate) => Array.IndexOf(SampleRates, sampleRate);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static int ReadObjectType(ref AacBitReader r)
    {
        int type = (int)r.Read(5);
        return type == 31 ? 32 + (int)r.Read(6) : type;
    }

    private static int ReadSampleRate(ref AacBitReader r, out int index)
    {
        index = (int)r.Read(4);
        if (index == 15) return (int)r.Read(24);
        return index < SampleRates.Length ? SampleRates[index] : -1;
    }
}
