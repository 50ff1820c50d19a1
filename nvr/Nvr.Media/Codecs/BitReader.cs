namespace Nvr.Media.Codecs;

/// <summary>
/// Reads the bits of a NAL unit payload most-significant bit first, as ITU-T H.264 §7.2 and
/// ITU-T H.265 §7.2 define <c>u(n)</c>, <c>ue(v)</c> and <c>se(v)</c> (Exp-Golomb, H.264 §9.1,
/// H.265 §9.2).
/// </summary>
/// <remarks>
/// <para>
/// By default the input is an encapsulated byte sequence (EBSP, the NAL unit as sent): every
/// <c>emulation_prevention_three_byte</c> — a 0x03 following two 0x00 bytes (H.264 §7.4.1,
/// H.265 §7.4.2) — is skipped on the fly, so the caller sees the RBSP without a copy:
/// </para>
/// <code>
///   EBSP  00 00 03 01 ...   →   RBSP  00 00 01 ...
///   EBSP  00 00 03 03 ...   →   RBSP  00 00 03 ...   (only the first 03 is removed)
/// </code>
/// <para>
/// Bounded: a read past the end of the input, or an Exp-Golomb code with more than 31 leading
/// zero bits (a value that cannot fit in 32 bits), throws <see cref="BitstreamException"/>. It
/// never reads outside the span and never allocates.
/// </para>
/// </remarks>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _removeEmulationPrevention;
    private int _next;          // index in _data of the next byte to load
    private int _zeroRun;       // consecutive 0x00 bytes loaded (emulation-prevention detection)
    private int _current;       // byte being consumed
    private int _bitsLeft;      // unread bits of _current (0..8)
    private long _bitsRead;

    public BitReader(ReadOnlySpan<byte> data, bool removeEmulationPrevention = true)
    {
        _data = data;
        _removeEmulationPrevention = removeEmulationPrevention;
        _next = 0;
        _zeroRun = 0;
        _current = 0;
        _bitsLeft = 0;
        _bitsRead = 0;
    }

    /// <summary>RBSP bits consumed so far (emulation-prevention bytes not counted).</summary>
    public readonly long BitsRead => _bitsRead;

    /// <summary>True when the current position is on a byte boundary of the RBSP.</summary>
    public readonly bool IsByteAligned => _bitsLeft == 0;

    /// <summary>True when at least one more bit can be read.</summary>
    public readonly bool HasMoreBits
    {
        get
        {
            if (_bitsLeft > 0) return true;
            if (_next >= _data.Length) return false;
            // The only remaining byte may be an emulation-prevention byte.
            if (_removeEmulationPrevention && _zeroRun >= 2 && _data[_next] == 0x03) return _next + 1 < _data.Length;
            return true;
        }
    }

    /// <summary>Reads one bit, <c>u(1)</c>.</summary>
    public bool ReadBit()
    {
        if (_bitsLeft == 0) LoadByte();
        _bitsLeft--;
        _bitsRead++;
        return ((_current >> _bitsLeft) & 1) != 0;
    }

    /// <summary>Reads <paramref name="count"/> bits (0..32), <c>u(n)</c>, as an unsigned value.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32) throw new ArgumentOutOfRangeException(nameof(count), count, "0..32 bits");
        ulong value = 0;
        int remaining = count;
        while (remaining > 0)
        {
            if (_bitsLeft == 0) LoadByte();
            int take = Math.Min(remaining, _bitsLeft);
            int shift = _bitsLeft - take;
            int bits = (_current >> shift) & ((1 << take) - 1);
            value = (value << take) | (uint)bits;
            _bitsLeft -= take;
            remaining -= take;
        }
        _bitsRead += count;
        return (uint)value;
    }

    /// <summary>Reads <paramref name="count"/> bits (0..64) as an unsigned value.</summary>
    public ulong ReadBitsLong(int count)
    {
        if ((uint)count > 64) throw new ArgumentOutOfRangeException(nameof(count), count, "0..64 bits");
        if (count <= 32) return ReadBits(count);
        ulong high = ReadBits(count - 32);
        return (high << 32) | ReadBits(32);
    }

    /// <summary>Skips <paramref name="count"/> bits.</summary>
    public void Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (count > 0)
        {
            int step = Math.Min(count, 32);
            ReadBits(step);
            count -= step;
        }
    }

    /// <summary>Reads an unsigned Exp-Golomb code, <c>ue(v)</c> (H.264 §9.1, H.265 §9.2).</summary>
    /// <exception cref="BitstreamException">Truncated, or more than 31 leading zero bits.</exception>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (!ReadBit())
        {
            leadingZeros++;
            if (leadingZeros > 31) throw new BitstreamException("Exp-Golomb code longer than 32 bits");
        }
        if (leadingZeros == 0) return 0;
        // codeNum = 2^leadingZeros − 1 + read_bits(leadingZeros); at most 2^32 − 2.
        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>Reads <c>ue(v)</c> and checks it is at most <paramref name="max"/>.</summary>
    /// <exception cref="BitstreamException">Truncated, or the value exceeds <paramref name="max"/>.</exception>
    public int ReadUe(int max, string field)
    {
        uint value = ReadUe();
        if (value > (uint)max) throw new BitstreamException($"{field} = {value} exceeds {max}");
        return (int)value;
    }

    /// <summary>Reads a signed Exp-Golomb code, <c>se(v)</c>: codeNum k maps to (−1)^(k+1) · ⌈k ÷ 2⌉.</summary>
    public int ReadSe()
    {
        uint k = ReadUe();
        long magnitude = ((long)k + 1) / 2;
        return (int)((k & 1) != 0 ? magnitude : -magnitude);
    }

    /// <summary>Reads <c>se(v)</c> and checks it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadSe(int min, int max, string field)
    {
        int value = ReadSe();
        if (value < min || value > max) throw new BitstreamException($"{field} = {value} outside [{min}, {max}]");
        return value;
    }

    /// <summary>Skips to the next byte boundary of the RBSP.</summary>
    public void ByteAlign()
    {
        _bitsRead += _bitsLeft;
        _bitsLeft = 0;
    }

    private void LoadByte()
    {
        if (_next >= _data.Length) throw new BitstreamException("read past the end of the NAL unit");
        byte b = _data[_next];
        if (_removeEmulationPrevention && _zeroRun >= 2 && b == 0x03)
        {
            _next++;
            _zeroRun = 0;
            if (_next >= _data.Length) throw new BitstreamException("read past the end of the NAL unit");
            b = _data[_next];
        }
        _zeroRun = b == 0 ? _zeroRun + 1 : 0;
        _next++;
        _current = b;
        _bitsLeft = 8;
    }
}
