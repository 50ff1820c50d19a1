using System.Globalization;

namespace Nvr.Rtsp.Server;

/// <summary>
/// A Request-URI taken apart (RFC 2326 §3.2): the media path, an optional track (the last segment
/// <c>trackID=N</c>, the control URL <see cref="Nvr.Media.Sdp.SdpWriter"/> announces) and the query.
/// </summary>
/// <remarks>
/// Accepted forms: an absolute <c>rtsp://host[:port]/path[?query]</c> URL (any host: clients
/// use whatever name reached us) and an absolute path <c>/path</c>. The path is percent-decoded
/// and then refused (400) when a segment is empty, "." or "..", or it holds a control character
/// or backslash: nothing downstream should ever see a traversal, even though feeds are looked up
/// by name and not as files.
/// </remarks>
internal sealed record RtspRequestTarget(string Path, string RawPath, string? Query, int? TrackId, string Authority)
{
    /// <summary>Longest decoded path: far beyond any camera name, small enough to never matter.</summary>
    public const int MaxPathLength = 512;

    private const string TrackPrefix = "trackID=";

    /// <summary>The Content-Base of the media: <c>rtsp://authority/raw-path/</c>.</summary>
    public string ContentBase => $"{Authority}/{RawPath}/";

    /// <summary>The control URL of track <paramref name="id"/>.</summary>
    public string TrackUrl(int id) => $"{Authority}/{RawPath}/{TrackPrefix}{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <paramref name="uri"/>; null when it is not a valid media URI (answer 400). <paramref name="fallbackAuthority"/> serves path-only URIs.</summary>
    public static RtspRequestTarget? TryParse(string uri, string fallbackAuthority)
    {
        string authority;
        string pathAndQuery;
        if (uri.StartsWith('/'))
        {
            authority = fallbackAuthority;
            pathAndQuery = uri;
        }
        else
        {
            if (!RtspUrl.TryParse(uri, out var url)) return null;
            authority = (url with { PathAndQuery = "", UserName = null, Password = null }).ToString();
            pathAndQuery = url.PathAndQuery;
        }
        string? query = null;
        int q = pathAndQuery.IndexOf('?');
        if (q >= 0)
        {
            query = pathAndQuery[(q + 1)..];
            pathAndQuery = pathAndQuery[..q];
        }
        string raw = pathAndQuery.Trim('/');
        int? trackId = null;
        int lastSlash = raw.LastIndexOf('/');
        var last = raw.AsSpan(lastSlash + 1);
        if (last.StartsWith(TrackPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var digits = last[TrackPrefix.Length..];
            if (digits.Length is 0 or > 9 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int id)) return null;
            trackId = id;
            raw = lastSlash < 0 ? "" : raw[..lastSlash].TrimEnd('/');
        }
        string path = Uri.UnescapeDataString(raw);
        if (path.Length > MaxPathLength || !IsSafe(path)) return null;
        return new RtspRequestTarget(path, raw, query, trackId, authority);
    }

    private static bool IsSafe(string path)
    {
        if (path.Length == 0) return true;
        foreach (char c in path)
        {
            if (c < 0x20 || c == 0x7F || c == '\\') return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..") return false;
        }
        return true;
    }
}
