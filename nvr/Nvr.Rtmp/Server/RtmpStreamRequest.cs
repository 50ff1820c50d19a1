namespace Nvr.Rtmp.Server;

/// <summary>
/// A play or publish request: <c>rtmp://host:1935/&lt;App&gt;/&lt;Name&gt;?key=…</c>. Clients split
/// the URL differently (FFmpeg, OBS: app = first path segment, the rest with its query is the
/// stream name; some put the query on the app / tcUrl), so both queries are merged, the stream
/// name's winning.
/// </summary>
/// <param name="App">Application from connect, without query or trailing slash (e.g. "live").</param>
/// <param name="Name">Stream name without query (e.g. "front").</param>
/// <param name="Query">Query parameters of tcUrl/app and the stream name, merged (ordinal keys).</param>
/// <param name="TcUrl">tcUrl from connect, if sent.</param>
public sealed record RtmpStreamRequest(string App, string Name, IReadOnlyDictionary<string, string> Query, string? TcUrl)
{
    /// <summary>The stream key: query parameter "key" of the stream name or tcUrl, or null.</summary>
    public string? Key => Query.TryGetValue("key", out var key) ? key : null;

    /// <summary>Builds a request from the connect app, the play/publish stream name and tcUrl.</summary>
    public static RtmpStreamRequest Create(string? app, string? streamName, string? tcUrl)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tcUrl is not null) AddQuery(query, QueryOf(tcUrl));
        var appPath = Split(app ?? "", out var appQuery);
        AddQuery(query, appQuery);
        var name = Split(streamName ?? "", out var nameQuery);
        AddQuery(query, nameQuery);
        return new RtmpStreamRequest(appPath.Trim('/'), name.Trim('/'), query, tcUrl);
    }

    private static string Split(string text, out string query)
    {
        var q = text.IndexOf('?', StringComparison.Ordinal);
        query = q < 0 ? "" : text[(q + 1)..];
        return q < 0 ? text : text[..q];
    }

    private static string QueryOf(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0) return "";
        var query = url[(q + 1)..];
        // A stream name can follow the query on the tcUrl's path ("live?key=k/name" style).
        var slash = query.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? query : query[..slash];
    }

    private static void AddQuery(Dictionary<string, string> target, string query)
    {
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            target[key] = value;
        }
    }

    public override string ToString() => App + "/" + Name;
}
