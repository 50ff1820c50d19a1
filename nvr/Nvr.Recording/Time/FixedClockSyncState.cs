namespace Nvr.Recording.Time;

/// <summary>A clock sync state that is what it is told (tests, platforms without adjtimex, or configuration that trusts the clock).</summary>
public sealed class FixedClockSyncState(bool synchronised) : IClockSyncState
{
    public bool IsSynchronised { get; set; } = synchronised;
}
