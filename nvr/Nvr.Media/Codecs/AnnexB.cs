using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Media.Codecs;

/// <summary>
/// The Annex-B byte stream format (ITU-T H.264 Annex B, ITU-T H.265 Annex B): NAL units separated
/// by start codes, as written by encoders to <c>.h264</c>/<c>.h265</c> files and used in MPEG-TS.
/// </summary>
/// <remarks>
/// <code>
///  [00] 00 00 01 | NAL unit | [00 ...] 00 00 01 | NAL unit | ...
///  └ zero_byte (4-byte start code)      └ trailing_zero_8bits belong to no NAL unit
/// </code>
/// A NAL unit never ends in 0x00 (it ends with rbsp_trailing_bits or a cabac_zero_word's 0x03),
/// so zero bytes before a start code are trailing zeros and are stripped. Bytes before the first
/// start code are ignored. Conversions to and from the length-prefixed form ("AVCC", ISO/IEC
/// 14496-15 §5.3.2 / §8.3.2, the form of <see cref="MediaUnit.Payload"/>) use 4-byte lengths.
/// </remarks>
public static class AnnexB
{
    private static ReadOnlySpan<byte> StartCode3 => [0x00, 0x00, 0x01];
    private static ReadOnlySpan<byte> StartCode4 => [0x00, 0x00, 0x00, 0x01];

    /// <summary>Enumerates the NAL units of an Annex-B byte stream without copying.</summary>
    public static NalUnitEnumerator EnumerateNalUnits(ReadOnlySpan<byte> data) => new(data);

    /// <summary>Splits an Annex-B byte stream into NAL units (slices of <paramref name="data"/>, no copy).</summary>
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> data)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        var span = data.Span;
        int searchFrom = 0;
        int nalStart = -1;
        while (true)
        {
            int found = span[searchFrom..].IndexOf(StartCode3);
            int codeAt = found < 0 ? span.Length : searchFrom + found;
            if (nalStart >= 0)
            {
                int end = codeAt;
                while (end > nalStart && span[end - 1] == 0) end--;
                if (end > nalStart) result.Add(data[nalStart..end]);
            }
            if (found < 0) return result;
            nalStart = codeAt + 3;
            searchFrom = nalStart;
        }
    }

    /// <summary>
    /// Converts an Annex-B byte stream into length-prefixed NAL units (4-byte big-endian lengths).
    /// Empty NAL units are skipped.
    /// </summary>
    public static byte[] ToLengthPrefixed(ReadOnlySpan<byte> annexB)
    {
        int size = 0;
        foreach (var nal in EnumerateNalUnits(annexB)) size += 4 + nal.Length;
        var result = new byte[size];
        int offset = 0;
        foreach (var nal in EnumerateNalUnits(annexB))
        {
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(offset), nal.Length);
            nal.CopyTo(result.AsSpan(offset + 4));
            offset += 4 + nal.Length;
        }
        return result;
    }

    /// <summary>
    /// Writes length-prefixed NAL units (4-byte lengths) as an Annex-B byte stream with 4-byte start
    /// codes. Returns false, having written the NAL units before it, when a length runs past the end.
    /// </summary>
    public static bool FromLengthPrefixed(ReadOnlySpan<byte> lengthPrefixed, IBufferWriter<byte> output)
    {
        var reader = NalUnits.EnumerateLengthPrefixed(lengthPrefixed);
        while (reader.MoveNext()) WriteNalUnit(reader.Current, output);
        return !reader.IsMalformed;
    }

    /// <summary>Converts length-prefixed NAL units to an Annex-B byte array; null when malformed.</summary>
    public static byte[]? FromLengthPrefixed(ReadOnlySpan<byte> lengthPrefixed)
    {
        var writer = new ArrayBufferWriter<byte>(lengthPrefixed.Length + 16);
        return FromLengthPrefixed(lengthPrefixed, writer) ? writer.WrittenSpan.ToArray() : null;
    }

    /// <summary>Writes a 4-byte start code followed by <paramref name="nalUnit"/>.</summary>
    public static void WriteNalUnit(ReadOnlySpan<byte> nalUnit, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(4 + nalUnit.Length);
        StartCode4.CopyTo(span);
        nalUnit.CopyTo(span[4..]);
        output.Advance(4 + nalUnit.Length);
    }

    /// <summary>Zero-copy enumerator over the NAL units of an Annex-B byte stream.</summary>
    public ref struct NalUnitEnumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _nalStart;
        private ReadOnlySpan<byte> _current;

        internal NalUnitEnumerator(ReadOnlySpan<byte> data)
        {
            _data = data;
            int first = data.IndexOf(StartCode3);
            _nalStart = first < 0 ? -1 : first + 3;
            _current = default;
        }

        public readonly ReadOnlySpan<byte> Current => _current;

        public readonly NalUnitEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_nalStart >= 0)
            {
                int start = _nalStart;
                int found = _data[start..].IndexOf(StartCode3);
                int codeAt = found < 0 ? _data.Length : start + found;
                _nalStart = found < 0 ? -1 : codeAt + 3;
                int end = codeAt;
                while (end > start && _data[end - 1] == 0) end--;
                if (end > start)
                {
                    _current = _data[start..end];
                    return true;
                }
            }
            return false;
        }
    }
}
