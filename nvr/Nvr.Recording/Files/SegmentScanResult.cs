using Nvr.Recording.Index;

namespace Nvr.Recording.Files;

/// <summary>What <see cref="SegmentScanner.Scan"/> found: the row and fragment table the file implies.</summary>
public sealed record SegmentScanResult(
    SegmentScanStatus Status,
    SegmentRecord? Segment,
    IReadOnlyList<FragmentEntry> Fragments,
    long FileLength,
    long CompleteEnd,
    string? Error);
