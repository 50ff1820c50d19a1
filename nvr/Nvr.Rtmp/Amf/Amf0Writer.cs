using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nvr.Rtmp.Amf;

/// <summary>Encodes AMF0 values (Adobe AMF 0 specification §2; layouts in <see cref="Amf0Reader"/>).</summary>
public static class Amf0Writer
{
    /// <summary>Deepest nesting written; deeper values throw (a bug in the caller, not peer input).</summary>
    public const int MaxDepth = Amf0Reader.MaxDepth;

    public static void Write(IBufferWriter<byte> output, Amf0Value value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        Write(output, value, 0);
    }

    public static void WriteNumber(IBufferWriter<byte> output, double number)
    {
        var span = output.GetSpan(9);
        span[0] = (byte)Amf0Type.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], number);
        output.Advance(9);
    }

    public static void WriteBoolean(IBufferWriter<byte> output, bool value)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)Amf0Type.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        output.Advance(2);
    }

    /// <summary>Writes a string (marker 0x02), or a long string (0x0C) when it exceeds 65535 UTF-8 bytes.</summary>
    public static void WriteString(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > ushort.MaxValue)
        {
            WriteMarker(output, Amf0Type.LongString);
            WriteUtf8(output, text, length, longLength: true);
            return;
        }
        WriteMarker(output, Amf0Type.String);
        WriteUtf8(output, text, length, longLength: false);
    }

    public static void WriteNull(IBufferWriter<byte> output) => WriteMarker(output, Amf0Type.Null);

    public static void WriteUndefined(IBufferWriter<byte> output) => WriteMarker(output, Amf0Type.Undefined);

    private static void Write(IBufferWriter<byte> output, Amf0Value value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException("AMF0 value nested too deeply", nameof(value));
        switch (value.Type)
        {
            case Amf0Type.Number:
                WriteNumber(output, value.Number);
                break;
            case Amf0Type.Boolean:
                WriteBoolean(output, value.Boolean);
                break;
            case Amf0Type.String:
            case Amf0Type.LongString:
                WriteString(output, value.String ?? "");
                break;
            case Amf0Type.XmlDocument:
                WriteMarker(output, Amf0Type.XmlDocument);
                WriteUtf8(output, value.String ?? "", Encoding.UTF8.GetByteCount(value.String ?? ""), longLength: true);
                break;
            case Amf0Type.Null:
            case Amf0Type.Undefined:
            case Amf0Type.Unsupported:
                WriteMarker(output, value.Type);
                break;
            case Amf0Type.Date:
                {
                    var span = output.GetSpan(11);
                    span[0] = (byte)Amf0Type.Date;
                    BinaryPrimitives.WriteDoubleBigEndian(span[1..], value.Number);
                    span[9] = 0;
                    span[10] = 0;
                    output.Advance(11);
                    break;
                }
            case Amf0Type.Object:
                WriteMarker(output, Amf0Type.Object);
                WriteProperties(output, value, depth);
                break;
            case Amf0Type.TypedObject:
                WriteMarker(output, Amf0Type.TypedObject);
                WriteKey(output, value.String ?? "");
                WriteProperties(output, value, depth);
                break;
            case Amf0Type.EcmaArray:
                {
                    var span = output.GetSpan(5);
                    span[0] = (byte)Amf0Type.EcmaArray;
                    BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Properties.Count);
                    output.Advance(5);
                    WriteProperties(output, value, depth);
                    break;
                }
            case Amf0Type.StrictArray:
                {
                    var span = output.GetSpan(5);
                    span[0] = (byte)Amf0Type.StrictArray;
                    BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Items.Count);
                    output.Advance(5);
                    foreach (var item in value.Items) Write(output, item, depth + 1);
                    break;
                }
            default:
                throw new ArgumentException($"AMF0 type {value.Type} cannot be written", nameof(value));
        }
    }

    private static void WriteProperties(IBufferWriter<byte> output, Amf0Value value, int depth)
    {
        foreach (var p in value.Properties)
        {
            WriteKey(output, p.Key);
            Write(output, p.Value, depth + 1);
        }
        var span = output.GetSpan(3);
        span[0] = 0;
        span[1] = 0;
        span[2] = (byte)Amf0Type.ObjectEnd;
        output.Advance(3);
    }

    private static void WriteKey(IBufferWriter<byte> output, string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        if (length > ushort.MaxValue) throw new ArgumentException("AMF0 property name longer than 65535 bytes", nameof(key));
        WriteUtf8(output, key, length, longLength: false);
    }

    private static void WriteMarker(IBufferWriter<byte> output, Amf0Type type)
    {
        output.GetSpan(1)[0] = (byte)type;
        output.Advance(1);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string text, int length, bool longLength)
    {
        var prefix = longLength ? 4 : 2;
        var span = output.GetSpan(prefix + length);
        if (longLength) BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
        else BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(text, span[prefix..]);
        output.Advance(prefix + length);
    }
}
