using Microsoft.Extensions.Primitives;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Hls;

namespace Nvr.HlsGlue;

/// <summary>
/// Live HLS on the HTTP port (RFC 8216 / draft-pantos-hls-rfc8216bis-16):
/// <c>GET /live/{camera}/{resource}</c> for a camera's main stream (the feed <c>{camera}</c>) and
/// <c>GET /live/{camera}/sub/{resource}</c> for its sub stream (the feed <c>{camera}/sub</c>, see
/// <see cref="CameraStream.FeedPath"/>). <c>{resource}</c> is what <see cref="HlsRequest"/>
/// parses: <c>index.m3u8[?format=ts]</c> (multivariant), <c>fmp4.m3u8</c> / <c>ts.m3u8</c>
/// (media playlists, blocking reload with <c>_HLS_msn</c>/<c>_HLS_part</c>), init sections,
/// segments and parts. Status, Content-Type and Cache-Control come from the library's
/// <see cref="HlsResponse"/> (playlists no-cache, media immutable, errors no-store); CORS
/// headers and the OPTIONS preflight from <c>Hls:CorsOrigin</c>.
/// </summary>
/// <remarks>
/// Playlist and hinted-part requests may be held for up to three target durations (blocking
/// reload); the handler is async and a client going away cancels the wait through
/// <see cref="HttpContext.RequestAborted"/>. Any feed in the registry is reachable, so a source
/// published over RTMP is served like a camera.
/// </remarks>
public static class HlsEndpoints
{
    public const string Route = "/live/{camera}/{**path}";
    private const string SubPrefix = "sub/";

    public static void Map(WebApplication app)
    {
        app.MapMethods(Route, [HttpMethods.Get, HttpMethods.Head], HandleAsync);
        app.MapMethods(Route, [HttpMethods.Options], Preflight);
    }

    private static async Task HandleAsync(HttpContext context, string camera, string? path, HlsMuxerHost hls, NvrOptions options)
    {
        var (feed, resource) = FeedAndResource(camera, path ?? "");
        var aborted = context.RequestAborted;
        HlsResponse r;
        try
        {
            r = await hls.HandleAsync(feed, resource, context.Request.QueryString.Value, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return; // the client went away while the request was held
        }
        var response = context.Response;
        response.StatusCode = r.StatusCode;
        response.ContentType = r.ContentType;
        response.Headers.CacheControl = r.CacheControl;
        response.ContentLength = r.ContentLength;
        AddCors(response, options.Hls.CorsOrigin);
        if (HttpMethods.IsHead(context.Request.Method)) return;
        try
        {
            await r.WriteToAsync(response.Body, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
        }
    }

    private static IResult Preflight(HttpContext context, NvrOptions options)
    {
        var origin = options.Hls.CorsOrigin;
        if (origin.Length == 0) return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        var h = context.Response.Headers;
        AddCors(context.Response, origin);
        h.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        // Named explicitly: a wildcard does not cover Authorization (Fetch standard, CORS protocol).
        h.AccessControlAllowHeaders = "Authorization, Range";
        h.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    private static void AddCors(HttpResponse response, string origin)
    {
        if (origin.Length == 0) return;
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlExposeHeaders = "Content-Length";
        if (origin != "*") response.Headers.Vary = StringValues.Concat(response.Headers.Vary, "Origin");
    }

    /// <summary>Maps the URL to (feed path, resource): <c>cam/sub/x</c> → (<c>cam/sub</c>, <c>x</c>), <c>cam/x</c> → (<c>cam</c>, <c>x</c>).</summary>
    internal static (string Feed, string Resource) FeedAndResource(string camera, string path) =>
        path.StartsWith(SubPrefix, StringComparison.Ordinal)
            ? (CameraStream.FeedPath(camera, "sub"), path[SubPrefix.Length..])
            : (CameraStream.FeedPath(camera, "main"), path);

    /// <summary>The relative URL of a stream's playlist: <c>/live/cam/index.m3u8</c>, <c>/live/cam/sub/index.m3u8?format=ts</c>.</summary>
    public static string PlaylistPath(string camera, string stream, HlsFormat format) =>
        $"/live/{camera}/{(stream == "main" ? "" : stream + "/")}index.m3u8{(format == HlsFormat.MpegTs ? "?format=ts" : "")}";
}
