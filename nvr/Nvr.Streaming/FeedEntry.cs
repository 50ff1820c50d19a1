using Nvr.Media;

namespace Nvr.Streaming;

[Flags]
internal enum FeedEntryFlags : byte
{
    None = 0,
    /// <summary>The unit is on the stream's video track.</summary>
    Video = 1,
    /// <summary>A reader may start here: a video keyframe, or any unit of a stream without video.</summary>
    SyncPoint = 2,
    /// <summary>Set per reader: units were dropped right before this one.</summary>
    Discontinuity = 4,
    /// <summary>Not a unit: the run ended here.</summary>
    OfflineMarker = 8,
}

/// <summary>
/// One queue slot (reader queue or GOP cache): references to the shared unit and the shared
/// description it was published under, plus flags computed once by the feed. 24 bytes on 64-bit;
/// this is the only per-reader cost of a published unit.
/// </summary>
internal readonly struct FeedEntry
{
    public FeedEntry(MediaUnit? unit, StreamDescription? description, FeedEntryFlags flags)
    {
        Unit = unit;
        Description = description;
        Flags = flags;
    }

    public readonly MediaUnit? Unit;
    public readonly StreamDescription? Description;
    public readonly FeedEntryFlags Flags;

    public int Bytes => Unit is null ? 0 : Unit.Payload.Length;
    public bool IsMarker => (Flags & FeedEntryFlags.OfflineMarker) != 0;
    public bool IsVideo => (Flags & FeedEntryFlags.Video) != 0;
    public bool IsSyncPoint => (Flags & FeedEntryFlags.SyncPoint) != 0;

    public FeedEntry WithDiscontinuity() => new(Unit, Description, Flags | FeedEntryFlags.Discontinuity);

    public static FeedEntry OfflineMarker => new(null, null, FeedEntryFlags.OfflineMarker);
}
