namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// Reads big-endian bit fields (MSB first) from a span, as MPEG-4 Audio and RFC 3640 lay them out.
/// Reading past the end does not throw: it sets <see cref="Overrun"/> and yields zeros, so a
/// parser checks once at the end instead of before every field.
/// </summary>
internal ref struct AacBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _limitBits;
    private long _position;

    public AacBitReader(ReadOnlySpan<byte> data, long limitBits = -1)
    {
        _data = data;
        _limitBits = limitBits < 0 ? data.Length * 8L : Math.Min(limitBits, data.Length * 8L);
        _position = 0;
        Overrun = false;
    }

    public bool Overrun { get; private set; }
    public readonly long Position => _position;
    public readonly long Remaining => _limitBits - _position;

    /// <summary>Reads up to 32 bits.</summary>
    public uint Read(int bits)
    {
        if (bits == 0) return 0;
        if (bits > Remaining)
        {
            Overrun = true;
            _position = _limitBits;
            return 0;
        }
        uint value = 0;
        for (int i = 0; i < bits; i++)
        {
            int bit = (_data[(int)(_position >> 3)] >> (7 - (int)(_position & 7))) & 1;
            value = (value << 1) | (uint)bit;
            _position++;
        }
        return value;
    }

    public bool ReadFlag() => Read(1) != 0;

    public void Skip(long bits)
    {
        if (bits > Remaining)
        {
            Overrun = true;
            _position = _limitBits;
            return;
        }
        _position += bits;
    }
}
