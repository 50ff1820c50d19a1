namespace Nvr.Media.Mp4;

/// <summary>
/// Reads bits MSB-first from a NAL unit payload with emulation-prevention bytes removed
/// (ITU-T H.264 §7.4.1 / H.265 §7.4.2: a 0x03 after two zero bytes is dropped). Only what the
/// MP4 sample-entry builders need: fixed-width fields and Exp-Golomb ue(v) (H.264 §9.1).
/// Reading past the end sets <see cref="Overrun"/> and yields zeros instead of throwing.
/// </summary>
internal ref struct RbspBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _byte;      // index of the next escaped byte to load
    private int _zeros;     // consecutive zero bytes seen (for 0x000003 removal)
    private ulong _cache;
    private int _cacheBits;

    public RbspBitReader(ReadOnlySpan<byte> escapedPayload)
    {
        _data = escapedPayload;
        _byte = 0;
        _zeros = 0;
        _cache = 0;
        _cacheBits = 0;
        Overrun = false;
    }

    /// <summary>True once a read needed more bits than the payload holds.</summary>
    public bool Overrun { get; private set; }

    public uint ReadBits(int count)
    {
        if (count is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(count));
        uint value = 0;
        for (int i = 0; i < count; i++) value = (value << 1) | ReadBit();
        return value;
    }

    public bool ReadFlag() => ReadBit() != 0;

    public void Skip(int bits)
    {
        for (int i = 0; i < bits && !Overrun; i++) ReadBit();
    }

    /// <summary>Unsigned Exp-Golomb ue(v); values above 2^31 (32+ leading zeros) mark an overrun.</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (Overrun || ++leadingZeros > 31)
            {
                Overrun = true;
                return 0;
            }
        }
        if (leadingZeros == 0) return 0;
        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    private uint ReadBit()
    {
        if (_cacheBits == 0 && !Refill())
        {
            Overrun = true;
            return 0;
        }
        _cacheBits--;
        return (uint)(_cache >> _cacheBits) & 1;
    }

    private bool Refill()
    {
        while (_byte < _data.Length)
        {
            byte b = _data[_byte++];
            if (_zeros >= 2 && b == 0x03)
            {
                _zeros = 0; // emulation_prevention_three_byte: not part of the RBSP
                continue;
            }
            _zeros = b == 0 ? _zeros + 1 : 0;
            _cache = (_cache << 8) | b;
            _cacheBits = 8;
            return true;
        }
        return false;
    }
}
