using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

/// <summary>
/// Builds ISO base media file format boxes (ISO/IEC 14496-12 §4.2) in a growable buffer: a box's
/// 32-bit size is a placeholder written by <see cref="StartBox"/> and patched by
/// <see cref="EndBox"/> once the body is known. The finished bytes are copied to an
/// <see cref="IBufferWriter{T}"/> with <see cref="CopyTo"/>.
/// </summary>
/// <remarks>
/// <code>
/// Box (§4.2.2)                               FullBox (§4.2.2)
/// +--------------------------------+         +--------------------------------+
/// | size (32)  whole box, header   |         | size (32)                      |
/// |            included            |         | type (32)                      |
/// | type (32)  four-character code |         | version (8) | flags (24)       |
/// | body ...                       |         | body ...                       |
/// +--------------------------------+         +--------------------------------+
/// </code>
/// size 1 (64-bit largesize) and size 0 (to end of file) are never written: every box built
/// here is bounded by the writer's own limits and fits in 32 bits. All integers are big-endian.
/// Not thread-safe; reuse one instance with <see cref="Reset"/>.
/// </remarks>
public sealed class Mp4BoxWriter
{
    private byte[] _buffer;
    private int _length;

    public Mp4BoxWriter(int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _buffer = new byte[initialCapacity];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far (valid until the next write or <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Forgets everything written; keeps the buffer.</summary>
    public void Reset() => _length = 0;

    /// <summary>Starts a plain box; returns its start position for <see cref="EndBox"/>.</summary>
    public int StartBox(uint type)
    {
        int start = _length;
        WriteUInt32(0); // size placeholder, patched by EndBox
        WriteUInt32(type);
        return start;
    }

    /// <summary>Starts a full box (version + 24-bit flags); returns its start position.</summary>
    public int StartFullBox(uint type, byte version, uint flags)
    {
        int start = StartBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Patches the size of the box started at <paramref name="start"/>.</summary>
    public void EndBox(int start)
    {
        if ((uint)start > (uint)(_length - 8)) throw new ArgumentOutOfRangeException(nameof(start));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), (uint)(_length - start));
    }

    public void WriteByte(byte value) => GetSpan(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(GetSpan(2), value);

    public void WriteUInt24(uint value)
    {
        var s = GetSpan(3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
    }

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(GetSpan(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(GetSpan(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(GetSpan(bytes.Length));

    public void WriteZeros(int count) => GetSpan(count).Clear();

    /// <summary>Overwrites a 32-bit value written earlier (e.g. a trun data_offset).</summary>
    public void PatchUInt32(int position, uint value)
    {
        if ((uint)position > (uint)(_length - 4)) throw new ArgumentOutOfRangeException(nameof(position));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position), value);
    }

    /// <summary>Copies everything written so far to <paramref name="output"/>.</summary>
    public void CopyTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(WrittenSpan);
    }

    private Span<byte> GetSpan(int count)
    {
        if (_buffer.Length - _length < count)
        {
            long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + count);
            if (wanted > Array.MaxLength) throw new InvalidOperationException("box buffer too large");
            Array.Resize(ref _buffer, (int)wanted);
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
