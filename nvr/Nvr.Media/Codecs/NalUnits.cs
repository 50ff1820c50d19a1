using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Media.Codecs;

/// <summary>
/// Helpers for length-prefixed NAL units — the sample format of ISO/IEC 14496-15 (§5.3.2 for AVC,
/// §8.3.2 for HEVC), called "AVCC" here and used for every video <see cref="MediaUnit.Payload"/> —
/// and for the RBSP of a single NAL unit.
/// </summary>
/// <remarks>
/// <code>
///  +---------------------------+------------+---------------------------+------------+
///  | length (4 bytes, BE) = n1 | NAL unit 1 | length (4 bytes, BE) = n2 | NAL unit 2 | ...
///  +---------------------------+------------+---------------------------+------------+
/// </code>
/// </remarks>
public static class NalUnits
{
    /// <summary>Size of the length prefix Nvr uses everywhere (lengthSizeMinusOne = 3).</summary>
    public const int LengthSize = 4;

    /// <summary>Enumerates length-prefixed NAL units; check <see cref="LengthPrefixedEnumerator.IsMalformed"/> afterwards.</summary>
    public static LengthPrefixedEnumerator EnumerateLengthPrefixed(ReadOnlySpan<byte> data, int lengthSize = LengthSize)
        => new(data, lengthSize);

    /// <summary>
    /// Splits length-prefixed NAL units into slices of <paramref name="data"/> (no copy). Returns
    /// false when a length field is truncated, runs past the end, or is zero.
    /// </summary>
    public static bool TrySplitLengthPrefixed(ReadOnlyMemory<byte> data, List<ReadOnlyMemory<byte>> nalUnits, int lengthSize = LengthSize)
    {
        var reader = new LengthPrefixedEnumerator(data.Span, lengthSize);
        while (reader.MoveNext()) nalUnits.Add(data.Slice(reader.CurrentOffset, reader.Current.Length));
        return !reader.IsMalformed;
    }

    /// <summary>Writes one NAL unit with a 4-byte big-endian length prefix.</summary>
    public static void WriteLengthPrefixed(ReadOnlySpan<byte> nalUnit, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(LengthSize + nalUnit.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, nalUnit.Length);
        nalUnit.CopyTo(span[LengthSize..]);
        output.Advance(LengthSize + nalUnit.Length);
    }

    /// <summary>Builds a length-prefixed payload from whole NAL units.</summary>
    public static byte[] ToLengthPrefixed(IEnumerable<ReadOnlyMemory<byte>> nalUnits)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var nal in nalUnits) WriteLengthPrefixed(nal.Span, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Copies <paramref name="ebsp"/> to <paramref name="rbsp"/> without its emulation-prevention
    /// bytes (0x03 after two 0x00; H.264 §7.4.1, H.265 §7.4.2). <paramref name="rbsp"/> must be at
    /// least as long as <paramref name="ebsp"/>. Returns the number of bytes written.
    /// </summary>
    public static int RemoveEmulationPrevention(ReadOnlySpan<byte> ebsp, Span<byte> rbsp)
    {
        if (rbsp.Length < ebsp.Length) throw new ArgumentException("destination shorter than source", nameof(rbsp));
        int written = 0;
        int zeroRun = 0;
        foreach (byte b in ebsp)
        {
            if (zeroRun >= 2 && b == 0x03)
            {
                zeroRun = 0;
                continue;
            }
            zeroRun = b == 0 ? zeroRun + 1 : 0;
            rbsp[written++] = b;
        }
        return written;
    }

    /// <summary>Returns a copy of <paramref name="ebsp"/> without its emulation-prevention bytes.</summary>
    public static byte[] RemoveEmulationPrevention(ReadOnlySpan<byte> ebsp)
    {
        var buffer = new byte[ebsp.Length];
        int n = RemoveEmulationPrevention(ebsp, buffer);
        return n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Zero-copy enumerator over length-prefixed NAL units.</summary>
    public ref struct LengthPrefixedEnumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly int _lengthSize;
        private int _offset;
        private ReadOnlySpan<byte> _current;

        internal LengthPrefixedEnumerator(ReadOnlySpan<byte> data, int lengthSize)
        {
            if (lengthSize is not (1 or 2 or 4)) throw new ArgumentOutOfRangeException(nameof(lengthSize), lengthSize, "1, 2 or 4");
            _data = data;
            _lengthSize = lengthSize;
            _offset = 0;
            _current = default;
            CurrentOffset = 0;
            IsMalformed = false;
        }

        public readonly ReadOnlySpan<byte> Current => _current;

        /// <summary>Offset of <see cref="Current"/> (after its length prefix) in the input.</summary>
        public int CurrentOffset { get; private set; }

        /// <summary>True once enumeration stopped at a bad length field (truncated, zero, or past the end).</summary>
        public bool IsMalformed { get; private set; }

        public readonly LengthPrefixedEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (IsMalformed || _offset >= _data.Length) return false;
            if (_data.Length - _offset < _lengthSize)
            {
                IsMalformed = true;
                return false;
            }
            var field = _data.Slice(_offset, _lengthSize);
            uint length = _lengthSize switch
            {
                1 => field[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(field),
                _ => BinaryPrimitives.ReadUInt32BigEndian(field),
            };
            int start = _offset + _lengthSize;
            if (length == 0 || length > (uint)(_data.Length - start))
            {
                IsMalformed = true;
                return false;
            }
            _current = _data.Slice(start, (int)length);
            CurrentOffset = start;
            _offset = start + (int)length;
            return true;
        }
    }
}
