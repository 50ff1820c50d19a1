using System.Buffers.Binary;

namespace Nvr.Rtmp.Flv;

/// <summary>
/// Reads FLV files and RTMP aggregate messages tag by tag (Video File Format Specification v10,
/// Annex E.2–E.4). Pure and bounded: a tag is at most 16 MiB by its 24-bit size field, and
/// tags are returned as slices of the input.
/// </summary>
/// <remarks>
/// <code>
/// header   'F' 'L' 'V' | version u8 | flags u8 (0x04 audio, 0x01 video) | DataOffset u32 (9)
/// body     PreviousTagSize0 u32 (0) | { tag | PreviousTagSize u32 (11 + DataSize) }*
/// tag      reserved u2 | filter u1 | TagType u5 | DataSize u24 | Timestamp u24 |
///          TimestampExtended u8 (bits 31..24) | StreamID u24 (0) | Data
/// </code>
/// PreviousTagSize values are not checked: muxers that patch the file afterwards (and RTMP
/// aggregate messages from some Wowza versions) get them wrong, and nothing depends on them.
/// Encrypted tags (filter bit) are reported as <see cref="FlvReadStatus.Malformed"/>.
/// </remarks>
public static class FlvReader
{
    public const int HeaderSize = 9;
    public const int TagHeaderSize = 11;

    /// <summary>Reads the file header; on success <paramref name="offset"/> points past it and the first PreviousTagSize.</summary>
    public static FlvReadStatus TryReadHeader(ReadOnlySpan<byte> data, out FlvHeader header, out int offset)
    {
        header = default;
        offset = 0;
        if (data.Length < 3)
        {
            return "FLV"u8.StartsWith(data) ? FlvReadStatus.NeedMoreData : FlvReadStatus.Malformed;
        }
        if (!data.StartsWith("FLV"u8)) return FlvReadStatus.Malformed;
        if (data.Length < HeaderSize) return FlvReadStatus.NeedMoreData;
        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(data[5..]);
        if (dataOffset < HeaderSize || dataOffset > 1024) return FlvReadStatus.Malformed;
        if (data.Length < dataOffset + 4) return FlvReadStatus.NeedMoreData;
        header = new FlvHeader(data[3], (data[4] & 0x04) != 0, (data[4] & 0x01) != 0, (int)dataOffset);
        offset = (int)dataOffset + 4;
        return FlvReadStatus.Ok;
    }

    /// <summary>
    /// Reads the tag at <paramref name="offset"/> and its trailing PreviousTagSize (when
    /// <paramref name="hasPreviousTagSize"/>); advances <paramref name="offset"/> on success.
    /// <paramref name="complete"/> says no more bytes will follow (an RTMP aggregate message):
    /// then a last tag without its PreviousTagSize is accepted, as some relays send it.
    /// </summary>
    public static FlvReadStatus ReadTag(ReadOnlyMemory<byte> data, ref int offset, out FlvTagRecord tag, bool hasPreviousTagSize = true, bool complete = false)
    {
        tag = default;
        var span = data.Span;
        if (offset < 0 || offset > span.Length) return FlvReadStatus.Malformed;
        var rest = span[offset..];
        if (rest.Length < TagHeaderSize) return FlvReadStatus.NeedMoreData;
        if ((rest[0] & 0x20) != 0) return FlvReadStatus.Malformed; // filter (encryption)
        var size = rest[1] << 16 | rest[2] << 8 | rest[3];
        var trailer = hasPreviousTagSize ? 4 : 0;
        if (rest.Length < TagHeaderSize + size + trailer)
        {
            // The last tag of an aggregate message may lack its back pointer.
            if (!complete || !hasPreviousTagSize || rest.Length != TagHeaderSize + size) return FlvReadStatus.NeedMoreData;
            trailer = 0;
        }
        var timestamp = (uint)(rest[7] << 24 | rest[4] << 16 | rest[5] << 8 | rest[6]);
        tag = new FlvTagRecord((FlvTagType)(rest[0] & 0x1F), timestamp, data.Slice(offset + TagHeaderSize, size));
        offset += TagHeaderSize + size + trailer;
        return FlvReadStatus.Ok;
    }
}
