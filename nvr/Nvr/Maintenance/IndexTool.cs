using Nvr.Configuration;
using Nvr.Recording;
using Nvr.Recording.Index;

namespace Nvr.Maintenance;

/// <summary>
/// Offline index commands (nvr must not be running on the same DataDir):
/// <c>--dump-index</c> runs the start-up recovery on the files and prints the index, one segment
/// per line; <c>--verify-index</c> does the same and compares it with a fresh scan of the files
/// into a scratch database (the index is a cache of the files: they must agree).
/// </summary>
internal static class IndexTool
{
    public static int Dump(NvrOptions options, TimeProvider time)
    {
        using var db = IndexDatabase.Open(Path.Combine(options.DataDir, "nvr.db"), time);
        var lines = Recover(db, options, "index");
        foreach (var line in lines) Console.WriteLine(line);
        return 0;
    }

    public static int Verify(NvrOptions options, TimeProvider time)
    {
        IReadOnlyList<string> live;
        using (var db = IndexDatabase.Open(Path.Combine(options.DataDir, "nvr.db"), time))
        {
            live = Recover(db, options, "index");
        }
        var scratch = Directory.CreateTempSubdirectory("nvr-verify-");
        try
        {
            IReadOnlyList<string> fresh;
            using (var db = IndexDatabase.Open(Path.Combine(scratch.FullName, "scan.db"), time))
            {
                fresh = Recover(db, options, "fresh scan");
            }
            var missing = fresh.Except(live).ToList();
            var extra = live.Except(fresh).ToList();
            if (missing.Count == 0 && extra.Count == 0 && live.Count == fresh.Count)
            {
                Console.WriteLine($"index matches a fresh scan of the files: {live.Count} rows");
                return 0;
            }
            foreach (var l in missing) Console.WriteLine($"only in the files: {l}");
            foreach (var l in extra) Console.WriteLine($"only in the index: {l}");
            return 1;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static IReadOnlyList<string> Recover(IndexDatabase db, NvrOptions options, string what)
    {
        var report = new RecoveryScanner(new RecordingIndex(db), options.ResolvedRecordingsDir).Run();
        Console.Error.WriteLine($"{what}: {report.FilesSeen} files, {report.FilesIndexed} indexed from their boxes, {report.TailsTruncated} torn tails truncated, " +
            $"{report.FilesSetAside} set aside, {report.RowsRemoved} rows without files removed, {report.DeletionsFinished} deletions finished");
        return new RecordingIndex(db).Snapshot().Describe();
    }
}
