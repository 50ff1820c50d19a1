namespace Nvr.Streaming;

/// <summary>Kind of a <see cref="FeedReadResult"/>.</summary>
public enum FeedReadStatus
{
    /// <summary>The default value of <see cref="FeedReadResult"/> (what a failed <see cref="FeedReader.TryRead"/> leaves); never returned by a read.</summary>
    None,
    /// <summary><see cref="FeedReadResult.Unit"/> holds the next media unit.</summary>
    Unit,
    /// <summary>
    /// The run ended (camera went offline). The reader stays open: the next unit, if any, belongs
    /// to a new run, starts at a keyframe and carries <see cref="FeedReadResult.DescriptionChanged"/>.
    /// </summary>
    Offline,
    /// <summary>The feed was completed (removed, shut down). Terminal: every further read returns this.</summary>
    Completed,
}
