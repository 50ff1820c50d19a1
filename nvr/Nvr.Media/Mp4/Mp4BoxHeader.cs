using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

/// <summary>
/// A box header (ISO/IEC 14496-12 §4.2.2) with its size resolved: size 1 means a 64-bit
/// largesize follows the type, size 0 means the box extends to the end of its container (the
/// file, for a top-level box), and 'uuid' boxes carry a 16-byte extended type.
/// </summary>
/// <remarks>
/// <code>
/// size (32) | type (32) | [largesize (64) if size == 1] | [usertype (128) if type == 'uuid'] | body
/// </code>
/// </remarks>
/// <param name="Type">Four-character code (<see cref="Mp4BoxType"/>).</param>
/// <param name="Offset">Absolute offset of the box's first byte.</param>
/// <param name="HeaderSize">8, 16 (largesize), or +16 for 'uuid'.</param>
/// <param name="Size">Whole box size including the header.</param>
public readonly record struct Mp4BoxHeader(uint Type, long Offset, int HeaderSize, long Size)
{
    /// <summary>Bytes needed to parse any header: 8 + 8 (largesize) + 16 (uuid).</summary>
    public const int MaxHeaderSize = 32;

    public long End => Offset + Size;
    public long BodyOffset => Offset + HeaderSize;
    public long BodySize => Size - HeaderSize;

    /// <summary>
    /// Parses the header at the start of <paramref name="data"/>, whose first byte lies at
    /// absolute offset <paramref name="offset"/>; <paramref name="containerEnd"/> is where a
    /// size-0 box ends. Whether the body is present is the caller's check
    /// (<see cref="End"/> against the data it has).
    /// </summary>
    public static Mp4BoxParseStatus TryParse(ReadOnlySpan<byte> data, long offset, long containerEnd, out Mp4BoxHeader header)
    {
        header = default;
        if (data.Length < 8) return Mp4BoxParseStatus.NeedMoreData;
        ulong size = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int headerSize = 8;
        if (size == 1)
        {
            if (data.Length < 16) return Mp4BoxParseStatus.NeedMoreData;
            size = BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
            headerSize = 16;
        }
        if (type == Mp4BoxType.Uuid)
        {
            headerSize += 16;
            if (data.Length < headerSize) return Mp4BoxParseStatus.NeedMoreData;
        }
        if (size == 0)
        {
            if (containerEnd < offset + headerSize) return Mp4BoxParseStatus.Invalid;
            size = (ulong)(containerEnd - offset);
        }
        if (size < (ulong)headerSize || size > (ulong)(long.MaxValue - Math.Max(offset, 0))) return Mp4BoxParseStatus.Invalid;
        header = new Mp4BoxHeader(type, offset, headerSize, (long)size);
        return Mp4BoxParseStatus.Ok;
    }

    public override string ToString() => $"{Mp4BoxType.ToString(Type)} @{Offset} size {Size}";
}
