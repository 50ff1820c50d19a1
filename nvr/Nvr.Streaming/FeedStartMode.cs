namespace Nvr.Streaming;

/// <summary>Where a new <see cref="FeedReader"/> starts.</summary>
public enum FeedStartMode
{
    /// <summary>
    /// From the feed's last-GOP cache: the first unit is the latest keyframe, delivered at once.
    /// Falls back to <see cref="NextKeyframe"/> when the cache is empty, invalid (the GOP outgrew
    /// its bound) or larger than the reader's own caps.
    /// </summary>
    GopCache,
    /// <summary>From the next keyframe published after the reader is opened.</summary>
    NextKeyframe,
    /// <summary>From the next unit published, keyframe or not (a consumer that does its own sync).</summary>
    Now,
}
