namespace Nvr.Recording.Time;

/// <summary>Whether the system clock is NTP-synchronised (nvr/design/time.md). Real: <see cref="AdjtimexClockSyncState"/>.</summary>
public interface IClockSyncState
{
    /// <summary>True once an NTP daemon disciplines the clock. Cheap (a syscall); called once per fragment.</summary>
    bool IsSynchronised { get; }
}
