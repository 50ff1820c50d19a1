using LiteDB;
using Nvr.Recording.Storage;

namespace Nvr.Recording.Index;

/// <summary>
/// The recordings part of the LiteDB index: segment rows, their fragment tables and the gaps
/// between segments (nvr/design/storage.md). Writes are small transactions; queries serve the API
/// (<see cref="GetRecordings"/>, <see cref="GetStorage"/>) and playback (<see cref="FindAt"/>,
/// <see cref="GetFragments"/>). Thread-safe: LiteDB serialises access, and multi-step writes are
/// made under one lock so that transactions (thread-bound in LiteDB) never interleave.
/// </summary>
public sealed partial class RecordingIndex
{
    private readonly Lock _write = new();
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _segments;
    private readonly ILiteCollection<BsonDocument> _fragments;
    private readonly ILiteCollection<BsonDocument> _gaps;

    public RecordingIndex(IndexDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database.Db;
        _segments = _db.GetCollection(IndexDatabase.SegmentsCollection);
        _fragments = _db.GetCollection(IndexDatabase.FragmentsCollection);
        _gaps = _db.GetCollection(IndexDatabase.GapsCollection);
    }

    // ---- writes -------------------------------------------------------------------------------

    /// <summary>Inserts or replaces a segment row, its fragment table (when given) and a gap row (when given), in one transaction.</summary>
    public void Upsert(SegmentRecord segment, IReadOnlyList<FragmentEntry>? fragments, GapRecord? gap = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        InTransaction(() =>
        {
            _segments.Upsert(segment.ToBson());
            if (fragments is not null) _fragments.Upsert(new BsonDocument { ["_id"] = segment.Id, ["table"] = FragmentTable.Encode(fragments) });
            if (gap is not null) _gaps.Upsert(gap.ToBson());
        });
    }

    /// <summary>Sets the state of rows (retention marks victims <see cref="SegmentState.Deleting"/> before unlinking).</summary>
    public void SetState(IEnumerable<string> ids, SegmentState state)
    {
        InTransaction(() =>
        {
            foreach (var id in ids)
            {
                var doc = _segments.FindById(id);
                if (doc is null) continue;
                doc["state"] = (int)state;
                _segments.Update(doc);
            }
        });
    }

    /// <summary>Drops segment rows and their fragment tables.</summary>
    public void Remove(IEnumerable<string> ids)
    {
        InTransaction(() =>
        {
            foreach (var id in ids)
            {
                _segments.Delete(id);
                _fragments.Delete(id);
            }
        });
    }

    /// <summary>Drops the gaps of a stream that end at or before <paramref name="ticks"/> (before its oldest remaining segment).</summary>
    public void RemoveGapsBefore(string camera, string stream, long ticks)
    {
        InTransaction(() =>
        {
            foreach (var g in GapDocs(camera, stream).ToList())
            {
                if (g["end"].AsInt64 <= ticks) _gaps.Delete(g["_id"]);
            }
        });
    }

    /// <summary>Recomputes the gap rows of one stream from its segment rows (recovery).</summary>
    public void RebuildGaps(string camera, string stream)
    {
        var segments = StreamSegments(camera, stream);
        InTransaction(() =>
        {
            // Materialised first: deleting while a LiteDB cursor over the same collection is open
            // invalidates the cursor's snapshot ("the snapshot is disposed").
            foreach (var g in GapDocs(camera, stream).ToList()) _gaps.Delete(g["_id"]);
            for (int i = 1; i < segments.Count; i++)
            {
                if (GapRecord.Between(segments[i - 1], segments[i]) is { } gap) _gaps.Upsert(gap.ToBson());
            }
        });
    }

    /// <summary>Drops every recording row (segments, fragments, gaps): the start of a rebuild from files.</summary>
    public void Clear()
    {
        InTransaction(() =>
        {
            _segments.DeleteAll();
            _fragments.DeleteAll();
            _gaps.DeleteAll();
        });
    }

    private void InTransaction(Action action)
    {
        lock (_write)
        {
            _db.BeginTrans();
            try
            {
                action();
                _db.Commit();
            }
            catch
            {
                try
                {
                    _db.Rollback();
                }
                catch (LiteException)
                {
                    // Keep the original failure; a rollback of a broken transaction adds nothing.
                }
                throw;
            }
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    public SegmentRecord? Get(string id) => _segments.FindById(id) is { } d ? SegmentRecord.FromBson(d) : null;

    /// <summary>The fragment table of segment <paramref name="id"/>; null when missing or unreadable.</summary>
    public FragmentEntry[]? GetFragments(string id)
    {
        var doc = _fragments.FindById(id);
        if (doc is null || !doc["table"].IsBinary) return null;
        return FragmentTable.TryParse(doc["table"].AsBinary, out var entries) ? entries : null;
    }

    /// <summary>The newest segment of a stream (any state), or null.</summary>
    public SegmentRecord? Last(string camera, string stream) =>
        FindStream(camera, stream, Query.Descending, 1).FirstOrDefault();

    /// <summary>The oldest segment of a stream (any state), or null.</summary>
    public SegmentRecord? First(string camera, string stream) =>
        FindStream(camera, stream, Query.Ascending, 1).FirstOrDefault();

    /// <summary>The <paramref name="count"/> newest segments of a stream (any state), newest first.</summary>
    public IReadOnlyList<SegmentRecord> Newest(string camera, string stream, int count) =>
        FindStream(camera, stream, Query.Descending, count).ToList();

    /// <summary>Every segment of a stream, oldest first.</summary>
    public IReadOnlyList<SegmentRecord> StreamSegments(string camera, string stream) =>
        FindStream(camera, stream, Query.Ascending, int.MaxValue).ToList();

    /// <summary>Rows in state <paramref name="state"/>.</summary>
    public IReadOnlyList<SegmentRecord> ByState(SegmentState state) =>
        Map(_segments.Find(Query.EQ("state", (int)state))).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>Every segment, ordered by start (then id). For retention's global pass and tests.</summary>
    public IReadOnlyList<SegmentRecord> All() =>
        Map(_segments.Find(Query.All("start", Query.Ascending))).OrderBy(s => s.StartTicks).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>Every segment of one camera (all streams), ordered by start.</summary>
    public IReadOnlyList<SegmentRecord> CameraSegments(string camera) =>
        Map(_segments.Find(Query.EQ("camera", camera))).OrderBy(s => s.StartTicks).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>The (camera, stream) pairs that have rows, in order; one index seek per stream.</summary>
    public IReadOnlyList<(string Camera, string Stream)> Streams()
    {
        var result = new List<(string, string)>();
        string lower = "";
        while (true)
        {
            var q = Query.All("sk", Query.Ascending);
            q.Where.Add(Query.GT("sk", lower));
            var doc = _segments.Find(q, 0, 1).FirstOrDefault();
            if (doc is null || SegmentRecord.FromBson(doc) is not { } s) break;
            result.Add((s.Camera, s.Stream));
            lower = $"{s.Camera}/{s.Stream}/~";
        }
        return result;
    }

    /// <summary>Segments of a stream that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public IReadOnlyList<SegmentRecord> Segments(string camera, string stream, DateTime from, DateTime to)
    {
        long f = from.Ticks, t = to.Ticks;
        var result = new List<SegmentRecord>();
        // The last segment starting at or before `from` may reach into the range.
        var before = Query.All("sk", Query.Descending);
        before.Where.Add(Query.Between("sk", SegmentRecord.SortKey(camera, stream, 0), SegmentRecord.SortKey(camera, stream, f)));
        if (Map(_segments.Find(before, 0, 1)).FirstOrDefault() is { } first && first.EndTicks > f) result.Add(first);
        if (t > f)
        {
            var inside = Query.All("sk", Query.Ascending);
            inside.Where.Add(Query.GT("sk", SegmentRecord.SortKey(camera, stream, f)));
            inside.Where.Add(Query.LT("sk", SegmentRecord.SortKey(camera, stream, t)));
            result.AddRange(Map(_segments.Find(inside)).Where(s => s.StartTicks < t));
        }
        return result.OrderBy(s => s.StartTicks).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The segment of a stream that covers <paramref name="time"/>, or null (a gap).</summary>
    public SegmentRecord? FindAt(string camera, string stream, DateTime time) =>
        Segments(camera, stream, time, time.AddTicks(1)).FirstOrDefault(s => s.StartTicks <= time.Ticks && s.EndTicks > time.Ticks);

    /// <summary>Gaps of a stream that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public IReadOnlyList<GapRecord> Gaps(string camera, string stream, DateTime from, DateTime to) =>
        GapDocs(camera, stream).Select(GapRecord.FromBson).OfType<GapRecord>()
            .Where(g => g.StartTicks < to.Ticks && g.EndTicks > from.Ticks).OrderBy(g => g.StartTicks).ToList();

    /// <summary>Every row in canonical order: what a fresh scan of the files must reproduce.</summary>
    public IndexSnapshot Snapshot()
    {
        var segments = Map(_segments.FindAll()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var fragments = new Dictionary<string, FragmentEntry[]>(StringComparer.Ordinal);
        foreach (var s in segments)
        {
            if (GetFragments(s.Id) is { } f) fragments[s.Id] = f;
        }
        var gaps = _gaps.FindAll().Select(GapRecord.FromBson).OfType<GapRecord>().OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        return new IndexSnapshot(segments, fragments, gaps);
    }

    private IEnumerable<SegmentRecord> FindStream(string camera, string stream, int order, int limit)
    {
        var q = Query.All("sk", order);
        q.Where.Add(Query.Between("sk", $"{camera}/{stream}/", $"{camera}/{stream}/~"));
        return Map(_segments.Find(q, 0, limit));
    }

    private IEnumerable<BsonDocument> GapDocs(string camera, string stream) =>
        _gaps.Find(Query.Between("sk", $"{camera}/{stream}/", $"{camera}/{stream}/~"));

    private static IEnumerable<SegmentRecord> Map(IEnumerable<BsonDocument> docs)
    {
        foreach (var d in docs)
        {
            if (SegmentRecord.FromBson(d) is { } s) yield return s;
        }
    }
}
