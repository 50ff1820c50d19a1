using Nvr.Rtmp.Server;
using Nvr.Rtmp.Flv;
using Nvr.Streaming;

namespace Nvr.Serving;

/// <summary>
/// HTTP-FLV for flv.js / mpegts.js: <c>GET /live/&lt;camera&gt;.flv</c> and
/// <c>GET /live/&lt;camera&gt;/sub.flv</c> stream the Feed as an endless FLV file (chunked,
/// <c>video/x-flv</c>, starting at a keyframe; G.711 left out, browsers cannot decode it), with CORS
/// headers and an OPTIONS preflight so a player page on another origin can fetch it.
/// </summary>
public static partial class HttpFlvEndpoints
{
    private static readonly HttpFlvOptions Options = HttpFlvOptions.Default;

    public static void Map(WebApplication app)
    {
        app.MapGet("/live/{camera}.flv", (HttpContext context, string camera, FeedRegistry feeds, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers) =>
            ServeAsync(context, camera, feeds, lifetime, time, loggers));
        app.MapGet("/live/{camera}/sub.flv", (HttpContext context, string camera, FeedRegistry feeds, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers) =>
            ServeAsync(context, camera + "/sub", feeds, lifetime, time, loggers));
        app.MapMethods("/live/{camera}.flv", ["OPTIONS"], Preflight);
        app.MapMethods("/live/{camera}/sub.flv", ["OPTIONS"], Preflight);
    }

    private static IResult Preflight(HttpContext context)
    {
        Cors(context.Response);
        context.Response.Headers["Access-Control-Max-Age"] = "600";
        return Results.NoContent();
    }

    private static void Cors(HttpResponse response)
    {
        var h = response.Headers;
        h["Access-Control-Allow-Origin"] = "*";
        h["Access-Control-Allow-Methods"] = "GET, OPTIONS";
        h["Access-Control-Allow-Headers"] = "Authorization, Range, Content-Type";
        h["Access-Control-Expose-Headers"] = "Content-Length, Content-Type";
    }

    private static async Task ServeAsync(HttpContext context, string path, FeedRegistry feeds, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers)
    {
        var response = context.Response;
        Cors(response);
        if (!feeds.TryGet(path, out var feed))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain";
            await response.WriteAsync($"no camera stream '{path}'\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.ContentType = "video/x-flv";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        // A live stream has no end: let shutdown end it instead of waiting out the host's budget.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var reader = feed.OpenReader(Options.Reader);
        try
        {
            await response.StartAsync(stop.Token).ConfigureAwait(false);
            await new HttpFlvSession(reader, response.BodyWriter, Options, time).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (RtmpTimeoutException e)
        {
            LogSlowClient(loggers.CreateLogger("Nvr.HttpFlv"), path, e.Message);
            context.Abort();
        }
    }

    [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "http-flv: {Path}: {Reason}")]
    private static partial void LogSlowClient(ILogger logger, string path, string reason);
}
