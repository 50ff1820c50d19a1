using LiteDB;
using Nvr.Media.Mp4;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Recovery;

/// <summary>
/// Crash safety at library level: damage a recording the ways a SIGKILL or a power cut can (torn
/// tails at random offsets, open rows, rows without files, files without rows, interrupted
/// deletions), recover, and compare with an index made from the files alone.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly DateTime T0 = RecorderHarness.T0.UtcDateTime;

    public void Dispose() => _temp.Dispose();

    private async Task<string> RecordAsync(string root, int frames, int? copyAtFrame = null, string? copyTo = null)
    {
        await using var h = new RecorderHarness(root);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        int n = 0;
        foreach (var (at, unit) in cam.Frames(0, frames))
        {
            await h.PublishAsync(at, unit);
            if (unit.TrackId == 0 && ++n == copyAtFrame)
            {
                // What a SIGKILL leaves: the files as written so far and the index with an open row.
                h.Db.Db.Checkpoint();
                CopyFolder(root, copyTo!);
            }
        }
        await h.StopAsync();
        return h.RecordingsDir;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var src = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var dst = File.Create(target);
            src.CopyTo(dst);
        }
    }

    /// <summary>The index a fresh scan of <paramref name="recordings"/> produces (new database, no repair needed).</summary>
    private static IndexSnapshot FreshScan(string recordings, string dbPath)
    {
        using var db = IndexDatabase.Open(dbPath, TimeProvider.System);
        var index = new RecordingIndex(db);
        new RecoveryScanner(index, recordings).Run();
        return index.Snapshot();
    }

    [Fact]
    public async Task Killed_while_recording_recovers_every_complete_fragment_and_equals_a_fresh_scan()
    {
        var live = Path.Combine(_temp.Path, "live");
        var crashed = Path.Combine(_temp.Path, "crashed");
        await RecordAsync(live, 700, copyAtFrame: 537, copyTo: crashed); // killed 21.5 s in, inside the third file

        using (var db = IndexDatabase.Open(Path.Combine(crashed, "nvr.db"), TimeProvider.System))
        {
            var index = new RecordingIndex(db);
            var open = Assert.Single(index.ByState(SegmentState.Open));
            var report = new RecoveryScanner(index, Path.Combine(crashed, "recordings")).Run();
            Assert.Equal(1, report.FilesScanned);
            var rows = index.StreamSegments("cam1", "main");
            Assert.All(rows, r => Assert.Equal(SegmentState.Final, r.State));
            // Fragments up to the last keyframe before the kill are kept: 20 s .. 21 s is the one in memory.
            Assert.Equal(T0.AddSeconds(21), rows[^1].End);
            Assert.Equal(open.Id, rows[^1].Id);
            Assert.Equal(FreshScan(Path.Combine(crashed, "recordings"), Path.Combine(_temp.Path, "fresh.db")).Describe(), index.Snapshot().Describe());
        }
    }

    [Fact]
    public async Task Twenty_rounds_of_random_damage_recover_to_a_fresh_scan_losing_at_most_the_torn_fragment()
    {
        var baseline = Path.Combine(_temp.Path, "base");
        await RecordAsync(baseline, 1125); // 45 s: five files
        for (int round = 0; round < 20; round++)
        {
            var rng = new Random(1000 + round);
            var dir = Path.Combine(_temp.Path, $"round{round}");
            CopyFolder(baseline, dir);
            var recordings = Path.Combine(dir, "recordings");
            string? tornId = null;
            long cut = 0;
            FragmentEntry[]? tornTable = null;
            using (var db = IndexDatabase.Open(Path.Combine(dir, "nvr.db"), TimeProvider.System))
            {
                var index = new RecordingIndex(db);
                var rows = index.StreamSegments("cam1", "main").ToList();
                var col = db.Db.GetCollection("segments");

                // A torn tail at a random offset past the init segment (power cut while appending).
                var torn = rows[rng.Next(rows.Count)];
                tornId = torn.Id;
                tornTable = index.GetFragments(torn.Id);
                cut = rng.NextInt64(tornTable![0].End, torn.Bytes);
                using (var f = new FileStream(SegmentPath.ToFullPath(recordings, torn.Id), FileMode.Open)) f.SetLength(cut);
                if (rng.Next(2) == 0) index.SetState([torn.Id], SegmentState.Open);

                var others = rows.Where(r => r.Id != torn.Id).OrderBy(_ => rng.Next()).ToList();
                // A file that lost its row (crash before the insert), a row that lost its file, a duplicate row for a missing file.
                col.Delete(others[0].Id);
                File.Delete(SegmentPath.ToFullPath(recordings, others[1].Id));
                var ghost = others[2].ToBson();
                ghost["_id"] = "cam1/main/2024-05-01/11-59-00Z.mp4";
                ghost["sk"] = SegmentRecord.SortKey("cam1", "main", T0.AddMinutes(-1).Ticks);
                col.Upsert(ghost);
                // An interrupted deletion.
                if (rng.Next(2) == 0) index.SetState([others[3].Id], SegmentState.Deleting);

                new RecoveryScanner(index, recordings).Run();
                var recovered = index.Snapshot();
                Assert.Equal(FreshScan(recordings, Path.Combine(dir, "fresh.db")).Describe(), recovered.Describe());

                foreach (var s in recovered.Segments)
                {
                    var read = Mp4Reader.Read(File.ReadAllBytes(SegmentPath.ToFullPath(recordings, s.Id)));
                    Assert.Equal(Mp4ReadStatus.Complete, read.Status);
                }
                // Loss ≤ the fragment the cut went through: every fragment that ended before the cut survived.
                if (recovered.Segments.FirstOrDefault(s => s.Id == tornId) is { } after)
                {
                    Assert.Equal(tornTable.Count(e => e.End <= cut), after.Fragments);
                }
                else
                {
                    Assert.Contains(round, Array.Empty<int>()); // the torn file must survive (it had a complete first fragment)
                }
            }
        }
    }

    [Fact]
    public void A_file_with_less_than_one_fragment_is_set_aside_not_deleted()
    {
        var recordings = Path.Combine(_temp.Path, "recordings");
        var id = "cam1/main/2024-05-01/12-00-00Z.mp4";
        var path = SegmentPath.ToFullPath(recordings, id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 1, 2, 3]);
        using var db = IndexDatabase.Open(Path.Combine(_temp.Path, "nvr.db"), TimeProvider.System);
        var report = new RecoveryScanner(new RecordingIndex(db), recordings).Run();
        Assert.Equal(1, report.FilesSetAside);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(report.SetAside[0]));
        Assert.Empty(new RecordingIndex(db).Snapshot().Segments);
    }
}
