using Nvr.Recording.Files;
using Nvr.Recording.Index;

namespace Nvr.Recording;

/// <summary>
/// Makes the index equal to the files at start (nvr/design/storage.md, "Recover procedure"):
/// finishes interrupted deletions, scans files that are new, open or changed (cutting torn tails),
/// indexes files the index does not know, drops rows whose file is gone, and recomputes gaps.
/// Run it before any <see cref="StreamRecorder"/> starts. With an empty (new or set-aside)
/// database this is the full rebuild.
/// </summary>
public sealed class RecoveryScanner(RecordingIndex index, string recordingsDir, ISegmentFileSystem? files = null)
{
    private readonly ISegmentFileSystem _files = files ?? SegmentFileSystem.Instance;

    /// <summary>Runs the recovery on the thread pool (it is file I/O bound); returns what it did.</summary>
    public Task<RecoveryReport> RunAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(cancellationToken), cancellationToken);

    /// <summary>The same, synchronously.</summary>
    public RecoveryReport Run(CancellationToken cancellationToken = default)
    {
        int seen = 0, scanned = 0, indexed = 0, truncated = 0, removed = 0, deletions = 0;
        var setAside = new List<string>();
        var touched = new HashSet<(string, string)>();

        // 1. Interrupted deletions.
        var deleting = index.ByState(SegmentState.Deleting);
        foreach (var row in deleting)
        {
            var path = SegmentPath.ToFullPath(recordingsDir, row.Id);
            _files.Delete(path);
            if (Path.GetDirectoryName(path) is { } dir && Directory.Exists(dir)) _files.SyncDirectory(dir);
            touched.Add((row.Camera, row.Stream));
        }
        index.Remove(deleting.Select(r => r.Id));
        deletions = deleting.Count;

        // 2. Every stream folder on disk and every stream in the index.
        var streams = new SortedSet<(string Camera, string Stream)>(index.Streams());
        if (Directory.Exists(recordingsDir))
        {
            foreach (var cameraDir in Directory.EnumerateDirectories(recordingsDir))
            {
                var camera = Path.GetFileName(cameraDir);
                if (!SegmentPath.IsValidName(camera)) continue;
                foreach (var streamDir in Directory.EnumerateDirectories(cameraDir))
                {
                    var stream = Path.GetFileName(streamDir);
                    if (SegmentPath.IsValidName(stream)) streams.Add((camera, stream));
                }
            }
        }

        foreach (var (camera, stream) in streams)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = index.StreamSegments(camera, stream).ToDictionary(r => r.Id, StringComparer.Ordinal);
            var onDisk = ListFiles(camera, stream);
            seen += onDisk.Count;
            foreach (var (id, length) in onDisk)
            {
                rows.TryGetValue(id, out var row);
                if (row is { State: SegmentState.Final } && row.Bytes == length && index.GetFragments(id) is not null) continue;
                scanned++;
                var result = SegmentScanner.Scan(recordingsDir, id, repair: true);
                touched.Add((camera, stream));
                switch (result.Status)
                {
                    case SegmentScanStatus.Complete or SegmentScanStatus.Repaired:
                        if (result.Status == SegmentScanStatus.Repaired) truncated++;
                        index.Upsert(result.Segment!, result.Fragments);
                        indexed++;
                        break;
                    case SegmentScanStatus.Damaged:
                        setAside.Add(SegmentScanner.SetAside(recordingsDir, id));
                        if (row is not null) index.Remove([id]);
                        break;
                    case SegmentScanStatus.Missing:
                        if (row is not null) index.Remove([id]);
                        break;
                }
            }
            var missing = rows.Keys.Where(id => !onDisk.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                index.Remove(missing);
                removed += missing.Count;
                touched.Add((camera, stream));
            }
        }

        // 3. Gaps follow the rows. A fresh scan recomputes every stream, so do the same for the touched ones.
        foreach (var (camera, stream) in touched) index.RebuildGaps(camera, stream);
        return new RecoveryReport(seen, scanned, indexed, truncated, setAside.Count, removed, deletions, setAside);
    }

    /// <summary>Segment files of one stream (relative id → length), from the day folders.</summary>
    private Dictionary<string, long> ListFiles(string camera, string stream)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var streamDir = Path.Combine(recordingsDir, camera, stream);
        if (!Directory.Exists(streamDir)) return result;
        foreach (var dayDir in Directory.EnumerateDirectories(streamDir))
        {
            var day = Path.GetFileName(dayDir);
            if (!SegmentPath.IsDayFolderName(day)) continue;
            foreach (var file in new DirectoryInfo(dayDir).EnumerateFiles("*.mp4"))
            {
                if (!SegmentPath.IsSegmentFileName(file.Name)) continue;
                result[$"{camera}/{stream}/{day}/{file.Name}"] = file.Length;
            }
        }
        return result;
    }
}
