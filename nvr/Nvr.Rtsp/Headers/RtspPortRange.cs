using System.Globalization;

namespace Nvr.Rtsp.Headers;

/// <summary>A port or channel pair <c>a-b</c> of a Transport header (RFC 2326 §12.39).</summary>
public readonly record struct RtspPortRange(int First, int Second)
{
    /// <summary>
    /// Parses <c>a-b</c> or <c>a</c>. Tolerance: a single number (go2rtc documents a camera answering
    /// <c>…;source=…;interleaved=0</c>) means <c>a-(a+1)</c>.
    /// </summary>
    public static RtspPortRange? TryParse(ReadOnlySpan<char> s, int max = 65535)
    {
        s = s.Trim();
        int dash = s.IndexOf('-');
        var a = dash < 0 ? s : s[..dash];
        if (!int.TryParse(a.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int first) || first > max) return null;
        if (dash < 0) return new RtspPortRange(first, Math.Min(first + 1, max));
        if (!int.TryParse(s[(dash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int second) || second > max) return null;
        return new RtspPortRange(first, second);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}-{Second}");
}
