using System.Buffers.Binary;

namespace Nvr.Recording.Index;

/// <summary>
/// The fragment table of a segment as stored in the index ('fragments' collection): a compact
/// binary blob, because a BSON array of documents costs ~10× the bytes and every segment has ~60.
/// </summary>
/// <remarks>
/// <code>
/// version(8)=1
/// { offset(64) size(32) dts(64) duration(32) flags(8: bit 0 keyframe) }*    25 bytes each, big-endian
/// </code>
/// <see cref="TryParse"/> is bounded by <see cref="MaxEntries"/> and never throws: the index is a
/// cache and a damaged row is rebuilt from the file.
/// </remarks>
public static class FragmentTable
{
    public const int EntrySize = 25;

    /// <summary>Most fragments a table may hold: 100 000 (a day of 1 s fragments is 86 400).</summary>
    public const int MaxEntries = 100_000;

    public static byte[] Encode(IReadOnlyList<FragmentEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > MaxEntries) throw new ArgumentException($"more than {MaxEntries} fragments", nameof(entries));
        var bytes = new byte[1 + entries.Count * EntrySize];
        bytes[0] = 1;
        var span = bytes.AsSpan(1);
        foreach (var e in entries)
        {
            BinaryPrimitives.WriteInt64BigEndian(span, e.Offset);
            BinaryPrimitives.WriteInt32BigEndian(span[8..], e.Size);
            BinaryPrimitives.WriteInt64BigEndian(span[12..], e.Dts);
            BinaryPrimitives.WriteUInt32BigEndian(span[20..], e.Duration);
            span[24] = e.Keyframe ? (byte)1 : (byte)0;
            span = span[EntrySize..];
        }
        return bytes;
    }

    /// <summary>
    /// Decodes a table. False (and null) for an unknown version, a length that is not a whole
    /// number of entries, more than <see cref="MaxEntries"/>, a negative offset or size, unknown flags, or
    /// fragments that overlap or go backwards in the file.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out FragmentEntry[]? entries)
    {
        entries = null;
        if (data.Length < 1 || data[0] != 1) return false;
        var body = data[1..];
        if (body.Length % EntrySize != 0) return false;
        int count = body.Length / EntrySize;
        if (count > MaxEntries) return false;
        var result = new FragmentEntry[count];
        long previousEnd = 0;
        for (int i = 0; i < count; i++)
        {
            var s = body.Slice(i * EntrySize, EntrySize);
            long offset = BinaryPrimitives.ReadInt64BigEndian(s);
            int size = BinaryPrimitives.ReadInt32BigEndian(s[8..]);
            if (offset < previousEnd || size <= 0 || offset > long.MaxValue - size || s[24] > 1) return false;
            result[i] = new FragmentEntry(offset, size, BinaryPrimitives.ReadInt64BigEndian(s[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(s[20..]), (s[24] & 1) != 0);
            previousEnd = offset + size;
        }
        entries = result;
        return true;
    }
}
