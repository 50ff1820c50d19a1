using System.Buffers.Binary;
using System.Text;

namespace Nvr.Rtmp.Amf;

/// <summary>
/// Decodes AMF0 values (Adobe "AMF 0 File Format Specification", 2007, §2.2–§2.18) from a span:
/// RTMP command and data message bodies are a plain concatenation of values.
/// </summary>
/// <remarks>
/// <code>
/// number        0x00 | float64 BE
/// boolean       0x01 | u8
/// string        0x02 | u16 length | UTF-8
/// object        0x03 | { u16 key length | key | value }* | 0x00 0x00 0x09
/// null          0x05              undefined 0x06          reference 0x07 | u16 index
/// ECMA array    0x08 | u32 count (advisory) | properties as object | 0x00 0x00 0x09
/// strict array  0x0A | u32 count | value × count
/// date          0x0B | float64 ms since epoch | s16 time zone (ignored)
/// long string   0x0C | u32 length | UTF-8        XML document 0x0F (same layout)
/// typed object  0x10 | u16 class name length | name | properties as object
/// </code>
/// Bounded and never throws: a malformed, truncated or over-deep input makes
/// <see cref="TryRead"/> return false with <see cref="IsMalformed"/> set. Every value allocated
/// consumes at least one input byte, and counts are checked against the remaining input before
/// anything is allocated, so memory is linear in the input. ECMA array counts are not trusted
/// (encoders write 0 or a wrong count); the end marker decides. A reference (0x07) decodes as
/// undefined: RTMP peers do not use AMF0 references in commands, and resolving them would let a
/// tiny input expand into a large graph.
/// </remarks>
public ref struct Amf0Reader
{
    /// <summary>Deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public Amf0Reader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        IsMalformed = false;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Consumed => _offset;

    /// <summary>True when every byte has been consumed.</summary>
    public readonly bool End => _offset >= _data.Length;

    /// <summary>Set once a value failed to decode; the reader then stays at the failing value.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Decodes the next value. False at the end of input or when the value is malformed (see <see cref="IsMalformed"/>).</summary>
    public bool TryRead(out Amf0Value value)
    {
        value = Amf0Value.Undefined;
        if (IsMalformed || End) return false;
        var start = _offset;
        if (TryReadValue(0, out var v))
        {
            value = v;
            return true;
        }
        _offset = start;
        IsMalformed = true;
        return false;
    }

    /// <summary>Decodes every value of <paramref name="data"/>. False when any is malformed (the values before it are still added).</summary>
    public static bool TryReadAll(ReadOnlySpan<byte> data, List<Amf0Value> values)
    {
        var reader = new Amf0Reader(data);
        while (reader.TryRead(out var v)) values.Add(v);
        return !reader.IsMalformed;
    }

    private bool TryReadValue(int depth, out Amf0Value value)
    {
        value = Amf0Value.Undefined;
        if (depth > MaxDepth || _offset >= _data.Length) return false;
        var type = (Amf0Type)_data[_offset++];
        switch (type)
        {
            case Amf0Type.Number:
                if (!TryReadDouble(out var number)) return false;
                value = Amf0Value.FromNumber(number);
                return true;
            case Amf0Type.Boolean:
                if (_offset >= _data.Length) return false;
                value = Amf0Value.FromBoolean(_data[_offset++] != 0);
                return true;
            case Amf0Type.String:
                if (!TryReadShortString(out var s)) return false;
                value = Amf0Value.Create(Amf0Type.String, s);
                return true;
            case Amf0Type.LongString:
            case Amf0Type.XmlDocument:
                if (!TryReadLongString(out var ls)) return false;
                value = Amf0Value.Create(type, ls);
                return true;
            case Amf0Type.Null:
                value = Amf0Value.Null;
                return true;
            case Amf0Type.Undefined:
                value = Amf0Value.Undefined;
                return true;
            case Amf0Type.Unsupported:
                value = Amf0Value.Create(Amf0Type.Unsupported, null);
                return true;
            case Amf0Type.Reference:
                if (_data.Length - _offset < 2) return false;
                _offset += 2;
                value = Amf0Value.Undefined;
                return true;
            case Amf0Type.Date:
                if (!TryReadDouble(out var ms) || _data.Length - _offset < 2) return false;
                _offset += 2; // time zone: reserved, "should be 0x0000"
                value = Amf0Value.FromDate(ms);
                return true;
            case Amf0Type.Object:
                return TryReadProperties(type, null, depth, out value);
            case Amf0Type.EcmaArray:
                if (_data.Length - _offset < 4) return false;
                _offset += 4; // advisory count
                return TryReadProperties(type, null, depth, out value);
            case Amf0Type.TypedObject:
                if (!TryReadShortString(out var className)) return false;
                return TryReadProperties(type, className, depth, out value);
            case Amf0Type.StrictArray:
                return TryReadStrictArray(depth, out value);
            default:
                // MovieClip and RecordSet are reserved, ObjectEnd is not a value, AvmPlusObject
                // switches to AMF3, which RTMP command parsing does not support.
                return false;
        }
    }

    private bool TryReadProperties(Amf0Type type, string? className, int depth, out Amf0Value value)
    {
        value = Amf0Value.Undefined;
        var properties = new List<KeyValuePair<string, Amf0Value>>();
        while (true)
        {
            if (_data.Length - _offset < 3) return false;
            int keyLength = BinaryPrimitives.ReadUInt16BigEndian(_data[_offset..]);
            if (keyLength == 0 && _data[_offset + 2] == (byte)Amf0Type.ObjectEnd)
            {
                _offset += 3;
                value = Amf0Value.CreateObject(type, className, properties);
                return true;
            }
            if (!TryReadShortString(out var key)) return false;
            if (!TryReadValue(depth + 1, out var item)) return false;
            properties.Add(new(key, item));
        }
    }

    private bool TryReadStrictArray(int depth, out Amf0Value value)
    {
        value = Amf0Value.Undefined;
        if (_data.Length - _offset < 4) return false;
        var count = BinaryPrimitives.ReadUInt32BigEndian(_data[_offset..]);
        _offset += 4;
        // Each element takes at least one byte: a count beyond the remaining input is a lie.
        if (count > (uint)(_data.Length - _offset)) return false;
        var items = new List<Amf0Value>((int)count);
        for (var i = 0u; i < count; i++)
        {
            if (!TryReadValue(depth + 1, out var item)) return false;
            items.Add(item);
        }
        value = Amf0Value.CreateStrictArray(items);
        return true;
    }

    private bool TryReadDouble(out double number)
    {
        number = 0;
        if (_data.Length - _offset < 8) return false;
        number = BinaryPrimitives.ReadDoubleBigEndian(_data[_offset..]);
        _offset += 8;
        return true;
    }

    private bool TryReadShortString(out string text)
    {
        text = "";
        if (_data.Length - _offset < 2) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(_data[_offset..]);
        _offset += 2;
        return TryReadUtf8(length, out text);
    }

    private bool TryReadLongString(out string text)
    {
        text = "";
        if (_data.Length - _offset < 4) return false;
        var length = BinaryPrimitives.ReadUInt32BigEndian(_data[_offset..]);
        _offset += 4;
        return length <= int.MaxValue && TryReadUtf8((int)length, out text);
    }

    private bool TryReadUtf8(int length, out string text)
    {
        text = "";
        if (length > _data.Length - _offset) return false;
        text = length == 0 ? "" : Encoding.UTF8.GetString(_data.Slice(_offset, length));
        _offset += length;
        return true;
    }
}
