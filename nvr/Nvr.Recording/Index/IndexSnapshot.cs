namespace Nvr.Recording.Index;

/// <summary>
/// Everything the index holds about recordings, in a canonical order: what "the index equals a
/// fresh scan of the files" compares (<see cref="RecordingIndex.Snapshot"/>).
/// </summary>
public sealed record IndexSnapshot(
    IReadOnlyList<SegmentRecord> Segments,
    IReadOnlyDictionary<string, FragmentEntry[]> Fragments,
    IReadOnlyList<GapRecord> Gaps)
{
    /// <summary>A line per row, for readable test failures and diffs.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        foreach (var s in Segments)
        {
            var table = Fragments.TryGetValue(s.Id, out var f) ? string.Join(';', f.Select(e => $"{e.Offset}+{e.Size}@{e.Dts}/{e.Duration}{(e.Keyframe ? "k" : "")}")) : "none";
            lines.Add($"segment {s} table {table}");
        }
        foreach (var g in Gaps) lines.Add($"gap {g}");
        return lines;
    }
}
