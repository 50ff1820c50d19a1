using System.Globalization;

namespace Nvr.Onvif.Soap;

/// <summary>XML Schema value forms used by ONVIF (XML Schema Part 2 §3.2.6 duration, §3.2.7 dateTime).</summary>
internal static class XsdValues
{
    /// <summary>A positive duration as <c>PT…S</c> (whole or fractional seconds).</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value < TimeSpan.Zero) value = TimeSpan.Zero;
        double seconds = Math.Round(value.TotalSeconds, 3);
        return "PT" + seconds.ToString("0.###", CultureInfo.InvariantCulture) + "S";
    }

    /// <summary>Parses an xs:dateTime; a value without zone is taken as UTC (seen on older Dahua and TP-Link firmware).</summary>
    public static DateTimeOffset? ParseDateTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64) return null;
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v) ? v : null;
    }

    public static string FormatFloat(float value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static float? ParseFloat(string? text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) ? v : null;

    public static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>xs:boolean plus the spellings devices use for event states.</summary>
    public static bool? ParseBool(string? text)
    {
        if (text is null) return null;
        var t = text.Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t == "1" || t.Equals("active", StringComparison.OrdinalIgnoreCase) || t.Equals("on", StringComparison.OrdinalIgnoreCase)) return true;
        if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t == "0" || t.Equals("inactive", StringComparison.OrdinalIgnoreCase) || t.Equals("off", StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }
}
