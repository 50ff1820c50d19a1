using System.Globalization;

namespace Nvr.Recording.Files;

/// <summary>
/// Names of segment files: <c>&lt;camera&gt;/&lt;stream&gt;/&lt;YYYY-MM-DD&gt;/&lt;HH-MM-SS&gt;Z.mp4</c>, UTC,
/// relative to the recordings folder, '/' separated (the index row's id). A second file for the
/// same second gets <c>-2</c>, <c>-3</c>, … before the extension (nvr/design/storage.md).
/// </summary>
public static class SegmentPath
{
    /// <summary>Largest suffix tried before giving up (a second holding 1000 files means something else is wrong).</summary>
    public const int MaxSuffix = 1000;

    /// <summary>The relative path for a file starting at <paramref name="startUtc"/>; <paramref name="suffix"/> 1 means none.</summary>
    public static string Format(string camera, string stream, DateTime startUtc, int suffix = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(suffix, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{camera}/{stream}/{startUtc:yyyy'-'MM'-'dd}/{startUtc:HH'-'mm'-'ss}Z{(suffix == 1 ? "" : "-" + suffix.ToString(CultureInfo.InvariantCulture))}.mp4");
    }

    /// <summary>The day folder of <paramref name="startUtc"/>, relative.</summary>
    public static string DayFolder(string camera, string stream, DateTime startUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{camera}/{stream}/{startUtc:yyyy'-'MM'-'dd}");

    /// <summary>True for an identifier usable as a camera or stream folder: [A-Za-z0-9_-], 1–64 characters.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return false;
        }
        return true;
    }

    /// <summary>True for a file name this recorder writes ("03-04-05Z.mp4", "03-04-05Z-2.mp4").</summary>
    public static bool IsSegmentFileName(string name)
    {
        if (name.Length < 13 || !name.EndsWith(".mp4", StringComparison.Ordinal)) return false;
        var t = name.AsSpan();
        if (!TimeOfDay(t[..8]) || t[8] != 'Z') return false;
        var rest = t[9..^4];
        if (rest.Length == 0) return true;
        return rest.Length >= 2 && rest[0] == '-' && int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 && n <= MaxSuffix;
    }

    /// <summary>True for a day folder name (YYYY-MM-DD).</summary>
    public static bool IsDayFolderName(string name) =>
        name.Length == 10 && DateTime.TryParseExact(name, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Splits a relative path into camera and stream; false unless it has the four parts of a segment path.</summary>
    public static bool TryParse(string relative, out string camera, out string stream)
    {
        camera = stream = "";
        var parts = relative.Split('/');
        if (parts.Length != 4 || !IsValidName(parts[0]) || !IsValidName(parts[1]) || !IsDayFolderName(parts[2]) || !IsSegmentFileName(parts[3])) return false;
        camera = parts[0];
        stream = parts[1];
        return true;
    }

    /// <summary>Absolute path of <paramref name="relative"/> under <paramref name="root"/>.</summary>
    public static string ToFullPath(string root, string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static bool TimeOfDay(ReadOnlySpan<char> s) =>
        s.Length == 8 && s[2] == '-' && s[5] == '-' &&
        TwoDigits(s[..2], 23) && TwoDigits(s[3..5], 59) && TwoDigits(s[6..8], 60);

    private static bool TwoDigits(ReadOnlySpan<char> s, int max) =>
        char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && (s[0] - '0') * 10 + (s[1] - '0') <= max;
}
