using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// The Range header and <c>a=range</c> value (RFC 2326 §12.29, §3.6, §3.7) in the npt and clock units:
/// <code>
/// npt=0-            npt=now-          npt=10.5-20         npt=0:01:05.3-
/// clock=19961108T142300Z-19961108T143520Z        clock=20240101T000000.25Z-
/// </code>
/// A trailing <c>;time=…</c> parameter is ignored. SMPTE ranges are not supported (TryParse fails).
/// </summary>
public sealed record RtspRange
{
    public RtspRangeUnit Unit { get; init; }
    /// <summary>npt start in seconds; null when "now" or absent.</summary>
    public double? NptStart { get; init; }
    /// <summary>npt end in seconds; null when open.</summary>
    public double? NptEnd { get; init; }
    /// <summary>npt start is "now" (live).</summary>
    public bool IsNow { get; init; }
    public DateTime? ClockStart { get; init; }
    public DateTime? ClockEnd { get; init; }

    public static RtspRange Npt(double? start, double? end = null) => new() { Unit = RtspRangeUnit.Npt, NptStart = start, NptEnd = end };
    public static RtspRange Clock(DateTime start, DateTime? end = null)
        => new() { Unit = RtspRangeUnit.Clock, ClockStart = start.ToUniversalTime(), ClockEnd = end?.ToUniversalTime() };

    public static bool TryParse(string? value, [NotNullWhen(true)] out RtspRange? range)
    {
        range = null;
        if (value is null) return false;
        var s = value.AsSpan().Trim();
        int semi = s.IndexOf(';');
        if (semi >= 0) s = s[..semi].TrimEnd();
        int eq = s.IndexOf('=');
        if (eq < 0) return false;
        var unit = s[..eq].Trim();
        var spec = s[(eq + 1)..].Trim();
        int dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var a = spec[..dash].Trim();
        var b = spec[(dash + 1)..].Trim();
        if (unit.Equals("npt", StringComparison.OrdinalIgnoreCase))
        {
            bool now = a.Equals("now", StringComparison.OrdinalIgnoreCase);
            double? start = null, end = null;
            if (!now && !a.IsEmpty)
            {
                if (!TryNptTime(a, out double v)) return false;
                start = v;
            }
            if (!b.IsEmpty)
            {
                if (!TryNptTime(b, out double v)) return false;
                end = v;
            }
            if (!now && start is null && end is null) return false;
            range = new RtspRange { Unit = RtspRangeUnit.Npt, NptStart = start, NptEnd = end, IsNow = now };
            return true;
        }
        if (unit.Equals("clock", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryClock(a, out var start)) return false;
            DateTime? end = null;
            if (!b.IsEmpty)
            {
                if (!TryClock(b, out var e)) return false;
                end = e;
            }
            range = new RtspRange { Unit = RtspRangeUnit.Clock, ClockStart = start, ClockEnd = end };
            return true;
        }
        return false;
    }

    private static bool TryNptTime(ReadOnlySpan<char> s, out double seconds)
    {
        seconds = 0;
        int c1 = s.IndexOf(':');
        if (c1 < 0)
        {
            return double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds) && seconds < 1e12;
        }
        // npt-hhmmss = 1*DIGIT ":" 2DIGIT ":" 2DIGIT [ "." *DIGIT ]
        var rest = s[(c1 + 1)..];
        int c2 = rest.IndexOf(':');
        if (c2 < 0) return false;
        if (!long.TryParse(s[..c1], NumberStyles.None, CultureInfo.InvariantCulture, out long h) || h > 1_000_000) return false;
        if (!int.TryParse(rest[..c2], NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m > 59) return false;
        if (!double.TryParse(rest[(c2 + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double sec) || sec >= 60) return false;
        seconds = h * 3600 + m * 60 + sec;
        return true;
    }

    private static bool TryClock(ReadOnlySpan<char> s, out DateTime time)
    {
        // utc-date "T" utc-time "Z": 19961108T142300[.fraction]Z
        time = default;
        if (s.Length < 16 || s[^1] != 'Z' && s[^1] != 'z' || s[8] != 'T') return false;
        var body = s[..^1];
        int dot = body.IndexOf('.');
        var main = dot < 0 ? body : body[..dot];
        if (!DateTime.TryParseExact(main, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time)) return false;
        if (dot >= 0)
        {
            var frac = body[dot..];
            if (frac.Length > 10 || !double.TryParse("0" + frac.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double f)) return false;
            time = time.AddTicks((long)Math.Round(f * TimeSpan.TicksPerSecond));
        }
        time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return true;
    }

    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        if (Unit == RtspRangeUnit.Npt)
        {
            string a = IsNow ? "now" : NptStart is double s ? s.ToString("0.000", ci) : "";
            string b = NptEnd is double e ? e.ToString("0.000", ci) : "";
            return $"npt={a}-{b}";
        }
        string c = ClockStart is DateTime cs ? Clock(cs) : "";
        string d = ClockEnd is DateTime ce ? Clock(ce) : "";
        return $"clock={c}-{d}";

        static string Clock(DateTime t)
        {
            t = t.ToUniversalTime();
            var s = t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            long frac = t.Ticks % TimeSpan.TicksPerSecond;
            if (frac != 0) s += "." + frac.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
            return s + "Z";
        }
    }
}
