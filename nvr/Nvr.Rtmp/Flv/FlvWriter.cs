using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Rtmp.Flv;

/// <summary>Writes the FLV file header and tags (layouts in <see cref="FlvReader"/>).</summary>
public static class FlvWriter
{
    /// <summary>Writes the 9-byte header and PreviousTagSize0.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, bool hasAudio, bool hasVideo)
    {
        var span = output.GetSpan(FlvReader.HeaderSize + 4);
        "FLV"u8.CopyTo(span);
        span[3] = 1;
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], FlvReader.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0);
        output.Advance(FlvReader.HeaderSize + 4);
    }

    /// <summary>Writes one tag followed by its PreviousTagSize.</summary>
    public static void WriteTag(IBufferWriter<byte> output, in FlvTag tag)
    {
        var size = tag.DataSize;
        if (size > 0xFFFFFF) throw new ArgumentException("FLV tag larger than 16 MiB", nameof(tag));
        var span = output.GetSpan(FlvReader.TagHeaderSize);
        span[0] = (byte)tag.Type;
        span[1] = (byte)(size >> 16);
        span[2] = (byte)(size >> 8);
        span[3] = (byte)size;
        span[4] = (byte)(tag.Timestamp >> 16);
        span[5] = (byte)(tag.Timestamp >> 8);
        span[6] = (byte)tag.Timestamp;
        span[7] = (byte)(tag.Timestamp >> 24);
        span[8] = 0;
        span[9] = 0;
        span[10] = 0;
        output.Advance(FlvReader.TagHeaderSize);
        output.Write(tag.Prefix.Span);
        output.Write(tag.Body.Span);
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)(FlvReader.TagHeaderSize + size));
        output.Advance(4);
    }
}
