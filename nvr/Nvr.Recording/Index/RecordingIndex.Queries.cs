using Nvr.Recording.Storage;

namespace Nvr.Recording.Index;

public sealed partial class RecordingIndex
{
    /// <summary>
    /// <c>GET /api/recordings?camera=&amp;stream=&amp;from=&amp;to=</c>: the continuous spans of
    /// <paramref name="camera"/> (one stream, or every stream when <paramref name="stream"/> is null)
    /// overlapping [<paramref name="from"/>, <paramref name="to"/>), each with its segments, and the
    /// gaps between them with reasons. Segments being written are included with the end reached at
    /// their last index update.
    /// </summary>
    public RecordingTimeline GetRecordings(string camera, string? stream, DateTime from, DateTime to)
    {
        ArgumentException.ThrowIfNullOrEmpty(camera);
        var streams = stream is not null ? [stream] : Streams().Where(s => s.Camera == camera).Select(s => s.Stream).ToList();
        var spans = new List<RecordingSpan>();
        var gaps = new List<GapRecord>();
        foreach (var s in streams)
        {
            var segments = Segments(camera, s, from, to).Where(x => x.State != SegmentState.Deleting).ToList();
            int i = 0;
            while (i < segments.Count)
            {
                int j = i + 1;
                while (j < segments.Count && segments[j].StartTicks <= segments[j - 1].EndTicks) j++;
                var run = segments.GetRange(i, j - i);
                spans.Add(new RecordingSpan(camera, s, run[0].Start, run[^1].End, run));
                i = j;
            }
            gaps.AddRange(Gaps(camera, s, from, to));
        }
        return new RecordingTimeline(camera, stream, from, to,
            spans.OrderBy(x => x.Start).ThenBy(x => x.Stream, StringComparer.Ordinal).ToList(),
            gaps.OrderBy(x => x.StartTicks).ThenBy(x => x.Stream, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// <c>GET /api/storage</c>: bytes, segment count, oldest and newest recording per camera, plus the
    /// volume's size and free space when <paramref name="space"/> is given. Reads every segment row
    /// (a few hundred bytes each).
    /// </summary>
    public StorageReport GetStorage(FreeSpace? space = null, long floorBytes = 0)
    {
        var cameras = new SortedDictionary<string, (long Bytes, int Count, long Oldest, long Newest)>(StringComparer.Ordinal);
        long total = 0;
        long oldest = long.MaxValue, newest = long.MinValue;
        foreach (var s in All())
        {
            if (s.State == SegmentState.Deleting) continue;
            var c = cameras.TryGetValue(s.Camera, out var v) ? v : (0L, 0, long.MaxValue, long.MinValue);
            cameras[s.Camera] = (c.Item1 + s.Bytes, c.Item2 + 1, Math.Min(c.Item3, s.StartTicks), Math.Max(c.Item4, s.EndTicks));
            total += s.Bytes;
            oldest = Math.Min(oldest, s.StartTicks);
            newest = Math.Max(newest, s.EndTicks);
        }
        var list = cameras.Select(kv => new CameraStorage(kv.Key, kv.Value.Bytes, kv.Value.Count,
            new DateTime(kv.Value.Oldest, DateTimeKind.Utc), new DateTime(kv.Value.Newest, DateTimeKind.Utc))).ToList();
        return new StorageReport(list, total, space?.TotalBytes, space?.FreeBytes, floorBytes,
            oldest == long.MaxValue ? null : new DateTime(oldest, DateTimeKind.Utc),
            newest == long.MinValue ? null : new DateTime(newest, DateTimeKind.Utc));
    }
}
