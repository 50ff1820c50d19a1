using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Resolves a request path to the feed of the same path in a <see cref="FeedRegistry"/>: the
/// executable names feeds <c>&lt;camera&gt;</c> and <c>&lt;camera&gt;/sub</c>, which are exactly
/// the RTSP paths (<c>rtsp://host:8554/&lt;camera&gt;[/sub]</c>). An unknown path is a 404.
/// </summary>
public sealed class FeedRegistryMediaResolver : IRtspMediaResolver
{
    private readonly FeedRegistry _registry;

    public FeedRegistryMediaResolver(FeedRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    public ValueTask<IRtspMediaSource?> ResolveAsync(RtspMediaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IRtspMediaSource? source = _registry.TryGet(request.Path, out var feed) && feed.State != FeedState.Completed
            ? new FeedMediaSource(feed)
            : null;
        return ValueTask.FromResult(source);
    }
}
