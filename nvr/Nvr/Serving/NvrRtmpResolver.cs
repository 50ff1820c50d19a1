using Nvr.Configuration;
using Nvr.Rtmp.Server;
using Nvr.Security;
using Nvr.Streaming;

namespace Nvr.Serving;

/// <summary>
/// Maps RTMP requests onto camera Feeds. Play: <c>live/&lt;camera&gt;</c> and
/// <c>live/&lt;camera&gt;/sub</c> (the Feed paths, <see cref="Cameras.CameraStream.FeedPath"/>), for a
/// configured user given as <c>?user=…&amp;pass=…</c> (as MediaMTX does; RTMP itself has no
/// authentication) unless <c>Rtmp:AllowAnonymousPlay</c>. Refused players get
/// <c>NetStream.Play.StreamNotFound</c>, the same as an unknown camera, so names do not leak.
/// Publish: <c>live/&lt;camera&gt;?key=…</c> for cameras with a <c>StreamKey</c>.
/// </summary>
public sealed partial class NvrRtmpResolver(NvrOptions options, FeedRegistry feeds, UserStore users, RtmpPublishSources sources, ILoggerFactory loggers)
    : IRtmpStreamResolver
{
    private const string App = "live";
    private readonly ILogger _logger = loggers.CreateLogger("Nvr.Rtmp");

    public ValueTask<Feed?> ResolvePlayAsync(RtmpStreamRequest request, CancellationToken cancellationToken)
    {
        var path = FeedPath(request);
        if (path is null) return ValueTask.FromResult<Feed?>(null);
        if (!options.Rtmp.AllowAnonymousPlay)
        {
            var user = request.Query.GetValueOrDefault("user");
            var pass = request.Query.GetValueOrDefault("pass");
            if (user is null || pass is null || !users.Verify(user, pass))
            {
                LogPlayRefused(_logger, path, user is null ? "no credentials" : "wrong user or password");
                return ValueTask.FromResult<Feed?>(null);
            }
        }
        return ValueTask.FromResult(feeds.TryGet(path, out var feed) ? feed : null);
    }

    public ValueTask<RtmpPublishDecision> ResolvePublishAsync(RtmpStreamRequest request, CancellationToken cancellationToken)
    {
        var path = FeedPath(request);
        if (path is null || !sources.TryGet(path, out var source)) return Decide(RtmpPublishRejection.UnknownStream, path ?? request.ToString());
        // The key before the slot: a peer without the key learns nothing about the publisher.
        if (!source.KeyMatches(request.Key)) return Decide(RtmpPublishRejection.BadKey, path);
        var sink = source.TryAttach();
        if (sink is null) return Decide(RtmpPublishRejection.AlreadyPublishing, path);
        LogPublishing(_logger, path);
        return ValueTask.FromResult(RtmpPublishDecision.Accept(sink));
    }

    private ValueTask<RtmpPublishDecision> Decide(RtmpPublishRejection reason, string path)
    {
        LogPublishRefused(_logger, path, reason);
        return ValueTask.FromResult(RtmpPublishDecision.Reject(reason));
    }

    /// <summary><c>live/cam</c> or <c>live/cam/sub</c> (however the client split app and name) → <c>cam</c>, <c>cam/sub</c>.</summary>
    internal static string? FeedPath(RtmpStreamRequest request)
    {
        var full = request.App.Length == 0 ? request.Name : request.Name.Length == 0 ? request.App : request.App + "/" + request.Name;
        if (!full.StartsWith(App + "/", StringComparison.Ordinal)) return null;
        var path = full[(App.Length + 1)..];
        return path.Length == 0 || path.Contains("//", StringComparison.Ordinal) ? null : path;
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "rtmp: {Path}: publishing")]
    private static partial void LogPublishing(ILogger logger, string path);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "rtmp: {Path}: publish refused ({Reason})")]
    private static partial void LogPublishRefused(ILogger logger, string path, RtmpPublishRejection reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "rtmp: {Path}: play refused ({Reason})")]
    private static partial void LogPlayRefused(ILogger logger, string path, string reason);
}
