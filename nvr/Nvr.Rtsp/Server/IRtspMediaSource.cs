using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Something RTSP sessions can play: a live feed today, a recording later. Sessions never know
/// which: they read <see cref="RtspMediaRead"/> items from an <see cref="IRtspMediaReader"/>.
/// </summary>
public interface IRtspMediaSource
{
    /// <summary>Stable name of the media (e.g. the feed path). Multicast viewers of the same name share one stream.</summary>
    string Name { get; }

    /// <summary>
    /// The tracks and codec parameters to describe (SDP). May wait, bounded by
    /// <paramref name="cancellationToken"/>, for media that is about to be available (a camera
    /// connecting). Returns null when there is nothing to describe (answered 503).
    /// </summary>
    ValueTask<StreamDescription?> GetDescriptionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a reader that starts at a keyframe (for a live feed: the latest one, from its GOP
    /// cache). <paramref name="options"/> is the session's queue budget; a source that cannot fall
    /// behind (a file) may ignore it.
    /// </summary>
    IRtspMediaReader OpenReader(FeedReaderOptions options);
}
