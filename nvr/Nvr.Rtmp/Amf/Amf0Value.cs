using System.Globalization;
using System.Text;

namespace Nvr.Rtmp.Amf;

/// <summary>
/// One decoded or to-be-encoded AMF0 value (Adobe AMF 0 specification §2). Immutable.
/// </summary>
/// <remarks>
/// Objects, ECMA arrays and typed objects keep their properties in wire order (RTMP command
/// objects are small; a list beats a dictionary and preserves order for round trips). Dates keep
/// milliseconds since the Unix epoch in <see cref="Number"/>; XML documents and long strings are
/// strings.
/// </remarks>
public sealed class Amf0Value
{
    private static readonly IReadOnlyList<KeyValuePair<string, Amf0Value>> NoProperties = [];
    private static readonly IReadOnlyList<Amf0Value> NoItems = [];

    private Amf0Value(Amf0Type type) => Type = type;

    public static Amf0Value Null { get; } = new(Amf0Type.Null);
    public static Amf0Value Undefined { get; } = new(Amf0Type.Undefined);
    public static Amf0Value True { get; } = new(Amf0Type.Boolean) { Boolean = true };
    public static Amf0Value False { get; } = new(Amf0Type.Boolean) { Boolean = false };

    public Amf0Type Type { get; }

    /// <summary>Number value; milliseconds since 1970-01-01 UTC for <see cref="Amf0Type.Date"/>.</summary>
    public double Number { get; private init; }

    public bool Boolean { get; private init; }

    /// <summary>String, long string or XML document text; class name of a typed object.</summary>
    public string? String { get; private init; }

    /// <summary>Properties of an object, ECMA array or typed object, in wire order; empty otherwise.</summary>
    public IReadOnlyList<KeyValuePair<string, Amf0Value>> Properties { get; private init; } = NoProperties;

    /// <summary>Elements of a strict array; empty otherwise.</summary>
    public IReadOnlyList<Amf0Value> Items { get; private init; } = NoItems;

    public bool IsNullOrUndefined => Type is Amf0Type.Null or Amf0Type.Undefined;

    public static Amf0Value FromNumber(double value) => new(Amf0Type.Number) { Number = value };

    public static Amf0Value FromBoolean(bool value) => value ? True : False;

    /// <summary>A string; encoded as a long string when its UTF-8 form exceeds 65535 bytes.</summary>
    public static Amf0Value FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = Encoding.UTF8.GetByteCount(value) > ushort.MaxValue ? Amf0Type.LongString : Amf0Type.String;
        return new(type) { String = value };
    }

    public static Amf0Value FromDate(double millisecondsSinceEpoch) => new(Amf0Type.Date) { Number = millisecondsSinceEpoch };

    public static Amf0Value Object(params ReadOnlySpan<KeyValuePair<string, Amf0Value>> properties) =>
        new(Amf0Type.Object) { Properties = properties.ToArray() };

    public static Amf0Value EcmaArray(params ReadOnlySpan<KeyValuePair<string, Amf0Value>> properties) =>
        new(Amf0Type.EcmaArray) { Properties = properties.ToArray() };

    public static Amf0Value StrictArray(params ReadOnlySpan<Amf0Value> items) => new(Amf0Type.StrictArray) { Items = items.ToArray() };

    internal static Amf0Value Create(Amf0Type type, string? text) => new(type) { String = text };

    internal static Amf0Value CreateObject(Amf0Type type, string? className, List<KeyValuePair<string, Amf0Value>> properties) =>
        new(type) { String = className, Properties = properties };

    internal static Amf0Value CreateStrictArray(List<Amf0Value> items) => new(Amf0Type.StrictArray) { Items = items };

    /// <summary>The property named <paramref name="key"/> (ordinal), or null when absent or not an object.</summary>
    public Amf0Value? this[string key]
    {
        get
        {
            foreach (var p in Properties)
            {
                if (string.Equals(p.Key, key, StringComparison.Ordinal)) return p.Value;
            }
            return null;
        }
    }

    /// <summary>The text of a string-like value, else null.</summary>
    public string? AsString() => Type is Amf0Type.String or Amf0Type.LongString or Amf0Type.XmlDocument ? String : null;

    /// <summary>The number of a number value, else null.</summary>
    public double? AsNumber() => Type == Amf0Type.Number ? Number : null;

    public override string ToString() => Type switch
    {
        Amf0Type.Number => Number.ToString(CultureInfo.InvariantCulture),
        Amf0Type.Boolean => Boolean ? "true" : "false",
        Amf0Type.String or Amf0Type.LongString or Amf0Type.XmlDocument => "\"" + String + "\"",
        Amf0Type.Null => "null",
        Amf0Type.Undefined => "undefined",
        Amf0Type.StrictArray => "[" + string.Join(", ", Items) + "]",
        Amf0Type.Object or Amf0Type.EcmaArray or Amf0Type.TypedObject =>
            "{" + string.Join(", ", Properties.Select(p => p.Key + ": " + p.Value)) + "}",
        _ => Type.ToString(),
    };
}
