using Nvr.Streaming;

namespace Nvr.Rtmp.Server;

/// <summary>
/// Maps RTMP app/stream names to sources and sinks, and checks publish keys. Implemented by the
/// host (e.g. app "live" + name "front" → the feed "front/main"; publish names and keys from
/// configuration). Called from the session's read loop.
/// </summary>
public interface IRtmpStreamResolver
{
    /// <summary>The feed to play, or null for <c>NetStream.Play.StreamNotFound</c>.</summary>
    ValueTask<Feed?> ResolvePlayAsync(RtmpStreamRequest request, CancellationToken cancellationToken);

    /// <summary>Checks <see cref="RtmpStreamRequest.Key"/> and returns the sink to publish into, or why not.</summary>
    ValueTask<RtmpPublishDecision> ResolvePublishAsync(RtmpStreamRequest request, CancellationToken cancellationToken);
}
