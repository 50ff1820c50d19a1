using Nvr.Media;

namespace Nvr.Rtmp.Server;

/// <summary>
/// Where a publishing session delivers what it demuxes; typically an adapter onto a
/// <see cref="Nvr.Streaming.Feed"/> (SetDescription → Feed.SetDescription, Publish → Feed.Publish,
/// Close → Feed.SetOffline). Called from the session's read loop only, never concurrently.
/// </summary>
public interface IRtmpPublishSink
{
    /// <summary>New codec parameters; called before the first unit and whenever a sequence header changes a track.</summary>
    void SetDescription(StreamDescription description);

    /// <summary>One access unit: video as 4-byte length-prefixed NAL units (track 0), audio raw frames (track 1).</summary>
    void Publish(MediaUnit unit);

    /// <summary>Publishing ended (unpublish, deleteStream, disconnect or error). Called exactly once per accepted publish.</summary>
    void Close();
}
