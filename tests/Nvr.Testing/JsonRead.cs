using System.Globalization;
using System.Text.Json;

namespace Nvr.Testing;

/// <summary>Lenient readers for ffprobe JSON, which writes many numbers as strings.</summary>
internal static class JsonRead
{
    internal static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    internal static long? Long(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
        return null;
    }

    internal static int? Int(JsonElement obj, string name) => Long(obj, name) is long n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    internal static double? Double(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return null;
    }

    /// <summary>A rational like "15/1" or "30000/1001" as a double; null for "0/0" or garbage.</summary>
    internal static double? Rational(string? text)
    {
        if (text is null) return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
        if (!double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)) return null;
        if (!double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var den) || den == 0) return null;
        return num / den;
    }
}
