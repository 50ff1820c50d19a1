namespace Nvr.Rtsp.Headers;

/// <summary>The Public header of an OPTIONS response (RFC 2326 §12.28): a comma-separated method list.</summary>
public static class RtspPublicHeader
{
    /// <summary>
    /// The methods, upper-cased. Tolerance: methods separated by spaces only, or in lower case
    /// (defensive: the header is only advisory, a sloppy list must not break keepalive selection).
    /// </summary>
    public static IReadOnlySet<string> Parse(string? value)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (value is null) return set;
        foreach (var m in value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (set.Count >= 64) break;
            set.Add(m.ToUpperInvariant());
        }
        return set;
    }
}
