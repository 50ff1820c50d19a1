namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// The 7-byte ADTS header (ISO/IEC 14496-3 §1.A.2.2, adts_fixed_header + adts_variable_header,
/// without CRC) that turns a raw AAC access unit into a self-describing frame (.aac files,
/// MPEG-TS/HLS audio, ffmpeg/ffprobe input).
/// </summary>
/// <remarks>
/// <code>
/// syncword 12 (0xFFF) | ID 1 (0 = MPEG-4) | layer 2 (0) | protection_absent 1 (1)
/// profile 2 (object type − 1) | sampling_frequency_index 4 | private_bit 1 | channel_configuration 3
/// original_copy 1 | home 1 | copyright_id_bit 1 | copyright_id_start 1
/// aac_frame_length 13 (header + payload) | adts_buffer_fullness 11 (0x7FF = VBR) | raw_data_blocks − 1: 2 (0)
/// </code>
/// ADTS can express object types 1-4 and table sampling rates only. For explicit HE-AAC the
/// core type and rate are written (implicit SBR signalling), which decoders handle.
/// </remarks>
public static class AdtsHeader
{
    public const int Size = 7;
    /// <summary>Largest aac_frame_length (13 bits), header included.</summary>
    public const int MaxFrameLength = 0x1FFF;

    /// <summary>
    /// Writes the header for a payload of <paramref name="payloadLength"/> bytes. Returns false
    /// when ADTS cannot describe the stream (object type above 4, explicit rate, channel
    /// configuration above 7, frame too long) or the destination is shorter than <see cref="Size"/>.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, AudioSpecificConfig config, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(config);
        int frameLength = Size + payloadLength;
        if (destination.Length < Size || payloadLength < 0 || frameLength > MaxFrameLength) return false;
        if (config.ObjectType is < 1 or > 4 || config.SamplingFrequencyIndex > 12 || config.ChannelConfiguration > 7) return false;
        int profile = config.ObjectType - 1;
        int channels = config.ChannelConfiguration;
        destination[0] = 0xFF;
        destination[1] = 0xF1; // 1111 | ID 0 | layer 00 | protection_absent 1
        destination[2] = (byte)((profile << 6) | (config.SamplingFrequencyIndex << 2) | (channels >> 2));
        destination[3] = (byte)(((channels & 3) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 7) << 5) | 0x1F);
        destination[6] = 0xFC; // buffer fullness low 6 bits all ones, one raw data block
        return true;
    }

    /// <summary>
    /// Reads the fields of an ADTS header. Returns false unless the sync word is present and the
    /// frame length covers at least the header (7, or 9 with CRC).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out int objectType, out int samplingFrequencyIndex, out int channelConfiguration, out int frameLength, out int headerLength)
    {
        objectType = samplingFrequencyIndex = channelConfiguration = frameLength = headerLength = 0;
        if (data.Length < Size || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0) return false;
        headerLength = (data[1] & 1) != 0 ? Size : Size + 2;
        objectType = (data[2] >> 6) + 1;
        samplingFrequencyIndex = (data[2] >> 2) & 0xF;
        channelConfiguration = ((data[2] & 1) << 2) | (data[3] >> 6);
        frameLength = ((data[3] & 3) << 11) | (data[4] << 3) | (data[5] >> 5);
        return frameLength >= headerLength;
    }
}
