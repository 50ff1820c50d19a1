using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Index;

public sealed class RecordingIndexTests : IDisposable
{
    private static readonly DateTime T0 = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();
    private readonly IndexDatabase _db;
    private readonly RecordingIndex _index;

    public RecordingIndexTests()
    {
        _db = IndexDatabase.Open(Path.Combine(_temp.Path, "nvr.db"), TimeProvider.System);
        _index = new RecordingIndex(_db);
    }

    public void Dispose()
    {
        _db.Dispose();
        _temp.Dispose();
    }

    private static SegmentRecord Row(string camera, string stream, int startS, int endS, SegmentStartReason reason = SegmentStartReason.Continuation, long bytes = 1000,
        SegmentState state = SegmentState.Final) => new()
    {
        Id = Nvr.Recording.Files.SegmentPath.Format(camera, stream, T0.AddSeconds(startS)),
        Camera = camera, Stream = stream, StartTicks = T0.AddSeconds(startS).Ticks, EndTicks = T0.AddSeconds(endS).Ticks, Bytes = bytes,
        Codecs = "h264,aac", Width = 1280, Height = 720, Fragments = endS - startS, Frames = 25 * (endS - startS), RunId = 1,
        StartReason = reason, Flags = SegmentFlags.ClockSynchronised, State = state,
        AnchorWallTicks = T0.Ticks, AnchorMedia = 0, Origin = 0, Timescale = 90000,
    };

    private void Insert(params SegmentRecord[] rows)
    {
        SegmentRecord? previous = null;
        foreach (var r in rows.OrderBy(r => r.StreamKey, StringComparer.Ordinal).ThenBy(r => r.StartTicks))
        {
            var gap = previous is not null && previous.StreamKey == r.StreamKey ? GapRecord.Between(previous, r) : null;
            _index.Upsert(r, [new FragmentEntry(700, 100, 0, 90000, true)], gap);
            previous = r;
        }
    }

    [Fact]
    public void Recordings_query_returns_spans_with_their_segments_and_the_gaps_with_reasons()
    {
        Insert(Row("a", "main", 0, 10, SegmentStartReason.Startup), Row("a", "main", 10, 20), Row("a", "main", 30, 40, SegmentStartReason.CameraOffline),
            Row("a", "main", 40, 50), Row("a", "sub", 0, 50, SegmentStartReason.Startup), Row("b", "main", 0, 10));

        var t = _index.GetRecordings("a", "main", T0.AddSeconds(5), T0.AddSeconds(35));
        Assert.Equal(2, t.Spans.Count);
        Assert.Equal((T0, T0.AddSeconds(20), 2), (t.Spans[0].Start, t.Spans[0].End, t.Spans[0].Segments.Count));
        Assert.Equal((T0.AddSeconds(30), T0.AddSeconds(40), 1), (t.Spans[1].Start, t.Spans[1].End, t.Spans[1].Segments.Count));
        var gap = Assert.Single(t.Gaps);
        Assert.Equal((T0.AddSeconds(20), T0.AddSeconds(30), "camera_offline"), (gap.Start, gap.End, gap.ReasonName));

        var all = _index.GetRecordings("a", null, T0, T0.AddHours(1));
        Assert.Equal(["main", "sub", "main"], all.Spans.Select(s => s.Stream));
        Assert.Empty(_index.GetRecordings("a", "main", T0.AddSeconds(21), T0.AddSeconds(29)).Spans);
        Assert.Equal(Row("a", "main", 10, 20).Id, _index.FindAt("a", "main", T0.AddSeconds(10))!.Id);
        Assert.Null(_index.FindAt("a", "main", T0.AddSeconds(25)));
        Assert.Equal([("a", "main"), ("a", "sub"), ("b", "main")], _index.Streams());
    }

    [Fact]
    public void Storage_report_sums_bytes_per_camera_with_oldest_and_newest()
    {
        Insert(Row("a", "main", 0, 10, bytes: 100), Row("a", "sub", 5, 60, bytes: 50), Row("b", "main", 20, 30, bytes: 7),
            Row("b", "main", 30, 40, bytes: 1, state: SegmentState.Deleting));
        var r = _index.GetStorage(new FreeSpace(1000, 400), 100);
        Assert.Equal(157, r.TotalBytes);
        Assert.Equal([("a", 150L, 2, T0, T0.AddSeconds(60)), ("b", 7L, 1, T0.AddSeconds(20), T0.AddSeconds(30))],
            r.Cameras.Select(c => (c.Camera, c.Bytes, c.Segments, c.Oldest!.Value, c.Newest!.Value)));
        Assert.Equal((1000L, 400L, 100L, T0, T0.AddSeconds(60)), (r.VolumeTotalBytes!.Value, r.VolumeFreeBytes!.Value, r.FloorBytes, r.Oldest!.Value, r.Newest!.Value));
    }
}
