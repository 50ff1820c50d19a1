using LiteDB;

namespace Nvr.Recording.Index;

/// <summary>
/// One row of the 'gaps' collection: nothing was recorded for a stream between two consecutive
/// segments. Derived from the segments (the later one's start reason), so rebuilds reproduce it.
/// </summary>
public sealed record GapRecord(string Camera, string Stream, long StartTicks, long EndTicks, SegmentStartReason Reason)
{
    public DateTime Start => new(StartTicks, DateTimeKind.Utc);
    public DateTime End => new(EndTicks, DateTimeKind.Utc);
    public string ReasonName => Reason.ToName();
    public string Id => SegmentRecord.SortKey(Camera, Stream, StartTicks);

    /// <summary>The gap between consecutive segments <paramref name="a"/> and <paramref name="b"/> of one stream, or null when they touch.</summary>
    public static GapRecord? Between(SegmentRecord a, SegmentRecord b) =>
        b.StartTicks > a.EndTicks ? new GapRecord(b.Camera, b.Stream, a.EndTicks, b.StartTicks, b.StartReason) : null;

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["camera"] = Camera,
        ["stream"] = Stream,
        ["sk"] = Id,
        ["start"] = StartTicks,
        ["end"] = EndTicks,
        ["reason"] = (int)Reason,
    };

    public static GapRecord? FromBson(BsonDocument d)
    {
        try
        {
            return new GapRecord(d["camera"].AsString, d["stream"].AsString, d["start"].AsInt64, d["end"].AsInt64, (SegmentStartReason)d["reason"].AsInt32)
                is { Camera: not null, Stream: not null } g ? g : null;
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or ArgumentException)
        {
            return null;
        }
    }
}
