namespace Nvr.Recording;

/// <summary>Per-file flags, stored in the segment header and copied to the index (nvr/design/time.md).</summary>
[Flags]
public enum SegmentFlags : uint
{
    None = 0,
    /// <summary>The system clock was NTP-synchronised for the whole file.</summary>
    ClockSynchronised = 1,
    /// <summary>The run's wall time was moved forward by more than the jump tolerance so as not to overlap earlier footage.</summary>
    TimeAdjusted = 2,
}
