namespace Nvr.Streaming;

/// <summary>Lifecycle of a <see cref="Feed"/>; see <c>nvr/design/fanout.md</c>.</summary>
public enum FeedState
{
    /// <summary>No run in progress: created but never described, or the camera went offline. Readers wait for the next run.</summary>
    Offline,
    /// <summary>A run is in progress: a description is set and units are being published.</summary>
    Online,
    /// <summary>Terminal: the feed was removed or shut down. Readers drain their queue, then read <see cref="FeedReadStatus.Completed"/>.</summary>
    Completed,
}
