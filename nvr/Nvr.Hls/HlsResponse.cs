using System.Text;

namespace Nvr.Hls;

/// <summary>
/// What the HTTP layer sends back for an <see cref="HlsRequest"/>: status, content type,
/// Cache-Control and the body as a list of shared buffers (a segment is the concatenation of
/// its parts; nothing is copied per request). The library has no ASP.NET dependency: the
/// server copies these fields onto its response (and may add CORS headers).
/// </summary>
/// <remarks>
/// Caching (RFC 8216bis §6.2.2 live playlists, §6.2.6): playlists change with every part and are
/// <c>no-cache</c>; init sections, segments and parts never change under their URI (the muxer
/// instance id is part of it) and are <c>public, max-age=31536000, immutable</c>; errors are
/// <c>no-store</c> so a 404 for a not-yet-hinted part or a 503 hold timeout is never cached.
/// </remarks>
public sealed class HlsResponse
{
    public const string PlaylistContentType = "application/vnd.apple.mpegurl";
    public const string Mp4ContentType = "video/mp4";
    public const string AudioMp4ContentType = "audio/mp4";
    public const string MpegTsContentType = "video/mp2t";
    public const string NoCache = "no-cache";
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string NoStore = "no-store";

    private static readonly IReadOnlyList<ReadOnlyMemory<byte>> Empty = [];

    public HlsResponse(int statusCode, string contentType, string cacheControl, IReadOnlyList<ReadOnlyMemory<byte>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        ContentType = contentType;
        CacheControl = cacheControl;
        Body = body;
        long length = 0;
        foreach (var chunk in body) length += chunk.Length;
        ContentLength = length;
    }

    public int StatusCode { get; }
    public string ContentType { get; }
    public string CacheControl { get; }
    /// <summary>Body chunks in order; shared with the muxer, never modify.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Body { get; }
    public long ContentLength { get; }

    /// <summary>The body as one array (tests, small playlists).</summary>
    public byte[] ToArray()
    {
        var result = new byte[ContentLength];
        int offset = 0;
        foreach (var chunk in Body)
        {
            chunk.Span.CopyTo(result.AsSpan(offset));
            offset += chunk.Length;
        }
        return result;
    }

    /// <summary>The body decoded as UTF-8 (playlists, error texts).</summary>
    public string BodyText => Encoding.UTF8.GetString(ToArray());

    /// <summary>Copies the body to <paramref name="destination"/> (e.g. an HTTP response body).</summary>
    public async Task WriteToAsync(System.IO.Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var chunk in Body) await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"{StatusCode} {ContentType} {ContentLength} bytes";

    internal static HlsResponse Ok(string contentType, string cacheControl, IReadOnlyList<ReadOnlyMemory<byte>> body) =>
        new(200, contentType, cacheControl, body);

    internal static HlsResponse Playlist(ReadOnlyMemory<byte> text) => new(200, PlaylistContentType, NoCache, [text]);

    /// <summary>An error with a one-line plain-text reason (never cached).</summary>
    internal static HlsResponse Error(int statusCode, string reason) =>
        new(statusCode, "text/plain; charset=utf-8", NoStore, reason.Length == 0 ? Empty : [Encoding.UTF8.GetBytes(reason + "\n")]);
}
