using LiteDB;

namespace Nvr.Recording.Index;

/// <summary>
/// One row of the 'segments' collection: a recorded file and the times it covers. Every value is
/// derived from the file's own boxes (<see cref="SegmentBuilder"/>), so a rebuilt index has the
/// same rows. Times are UTC ticks (exact; BSON dates would keep milliseconds and local kind).
/// </summary>
public sealed record SegmentRecord
{
    /// <summary>Path relative to the recordings folder with '/' separators, e.g. "front/main/2026-01-02/03-04-05Z.mp4". The row's _id.</summary>
    public required string Id { get; init; }
    public required string Camera { get; init; }
    public required string Stream { get; init; }
    public required long StartTicks { get; init; }
    public required long EndTicks { get; init; }
    /// <summary>File length in bytes.</summary>
    public required long Bytes { get; init; }
    /// <summary>Codec names of the tracks in file order, comma separated ("h264,aac").</summary>
    public required string Codecs { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    /// <summary>Complete fragments in the file.</summary>
    public required int Fragments { get; init; }
    /// <summary>Samples of the reference (video) track: frames.</summary>
    public required int Frames { get; init; }
    public required long RunId { get; init; }
    public required SegmentStartReason StartReason { get; init; }
    public required SegmentFlags Flags { get; init; }
    public required SegmentState State { get; init; }
    /// <summary>Time mapping of the header: wall ticks = AnchorWallTicks + (Origin + dts − AnchorMedia) / Timescale.</summary>
    public required long AnchorWallTicks { get; init; }
    public required long AnchorMedia { get; init; }
    public required long Origin { get; init; }
    public required int Timescale { get; init; }

    public DateTime Start => new(StartTicks, DateTimeKind.Utc);
    public DateTime End => new(EndTicks, DateTimeKind.Utc);
    public TimeSpan Duration => TimeSpan.FromTicks(EndTicks - StartTicks);
    public bool ClockSynchronised => (Flags & SegmentFlags.ClockSynchronised) != 0;
    public string StreamKey => $"{Camera}/{Stream}";

    /// <summary>UTC of file time <paramref name="dts"/> (reference timescale).</summary>
    public DateTime WallTime(long dts) =>
        new(AnchorWallTicks + (long)Files.SegmentHeader.FloorDiv(((Int128)Origin + dts - AnchorMedia) * TimeSpan.TicksPerSecond, Timescale), DateTimeKind.Utc);

    /// <summary>Sort key: camera/stream/start ticks (19 digits), so one stream's rows sort by time in one index.</summary>
    public static string SortKey(string camera, string stream, long startTicks) => $"{camera}/{stream}/{startTicks:D19}";

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["camera"] = Camera,
        ["stream"] = Stream,
        ["sk"] = SortKey(Camera, Stream, StartTicks),
        ["start"] = StartTicks,
        ["end"] = EndTicks,
        ["bytes"] = Bytes,
        ["codecs"] = Codecs,
        ["width"] = Width,
        ["height"] = Height,
        ["fragments"] = Fragments,
        ["frames"] = Frames,
        ["run"] = RunId,
        ["reason"] = (int)StartReason,
        ["flags"] = (long)Flags,
        ["state"] = (int)State,
        ["anchorWall"] = AnchorWallTicks,
        ["anchorMedia"] = AnchorMedia,
        ["origin"] = Origin,
        ["timescale"] = Timescale,
    };

    /// <summary>Maps a row back; null when a field is missing or has the wrong type (a damaged row: recovery rescans the file).</summary>
    public static SegmentRecord? FromBson(BsonDocument d)
    {
        try
        {
            return new SegmentRecord
            {
                Id = d["_id"].AsString,
                Camera = d["camera"].AsString,
                Stream = d["stream"].AsString,
                StartTicks = d["start"].AsInt64,
                EndTicks = d["end"].AsInt64,
                Bytes = d["bytes"].AsInt64,
                Codecs = d["codecs"].AsString,
                Width = d["width"].AsInt32,
                Height = d["height"].AsInt32,
                Fragments = d["fragments"].AsInt32,
                Frames = d["frames"].AsInt32,
                RunId = d["run"].AsInt64,
                StartReason = (SegmentStartReason)d["reason"].AsInt32,
                Flags = (SegmentFlags)d["flags"].AsInt64,
                State = (SegmentState)d["state"].AsInt32,
                AnchorWallTicks = d["anchorWall"].AsInt64,
                AnchorMedia = d["anchorMedia"].AsInt64,
                Origin = d["origin"].AsInt64,
                Timescale = d["timescale"].AsInt32,
            } is { Id: not null, Camera: not null, Stream: not null, Codecs: not null, Timescale: > 0 } r ? r : null;
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or ArgumentException)
        {
            return null;
        }
    }
}
