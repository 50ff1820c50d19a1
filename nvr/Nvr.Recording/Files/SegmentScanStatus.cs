namespace Nvr.Recording.Files;

/// <summary>Outcome of <see cref="SegmentScanner.Scan"/>.</summary>
public enum SegmentScanStatus
{
    /// <summary>The file ends exactly after its last complete fragment.</summary>
    Complete,
    /// <summary>A torn tail was found (and cut off when repairing): the file now ends after its last complete fragment.</summary>
    Repaired,
    /// <summary>A torn tail was found but not cut (scan without repair).</summary>
    Torn,
    /// <summary>No readable init segment, Nvr header or complete fragment: less than one fragment of media.</summary>
    Damaged,
    /// <summary>The file does not exist.</summary>
    Missing,
}
