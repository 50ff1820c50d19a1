using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>A live <see cref="Feed"/> as an <see cref="IRtspMediaSource"/>: the glue between fan-out and the RTSP server.</summary>
public sealed class FeedMediaSource : IRtspMediaSource
{
    public FeedMediaSource(Feed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        Feed = feed;
    }

    public Feed Feed { get; }

    public string Name => Feed.Name;

    /// <summary>
    /// The feed's description once every track has its codec parameters. A feed that is online
    /// but still learning them (SPS/PPS arriving in-band), or offline without any description yet,
    /// is waited for: the description of the first unit a new reader gets is complete, because
    /// ingest drops video before its parameter sets are known. A feed that went offline after a
    /// run keeps its last description (viewers then wait for the next run). Null when the feed is
    /// completed or the wait is cancelled by the server's DESCRIBE deadline.
    /// </summary>
    public async ValueTask<StreamDescription?> GetDescriptionAsync(CancellationToken cancellationToken)
    {
        var state = Feed.State;
        if (state == FeedState.Completed) return null;
        var current = Feed.Description;
        if (current is not null && IsComplete(current)) return current;
        using var reader = Feed.OpenReader(new FeedReaderOptions { Name = "rtsp describe" });
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (read.Status == FeedReadStatus.Completed) return null;
                if (read.HasUnit) return read.Description;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: an incomplete description still describes the tracks (in-band
            // parameter sets follow before every keyframe).
            return Feed.Description;
        }
    }

    public IRtspMediaReader OpenReader(FeedReaderOptions options) => new FeedMediaReader(Feed.OpenReader(options));

    private static bool IsComplete(StreamDescription description)
    {
        foreach (var track in description.Tracks)
        {
            if (!track.IsComplete) return false;
        }
        return true;
    }
}
