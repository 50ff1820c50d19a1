namespace Nvr.Streaming.Events;

/// <summary>
/// The recordings volume crossed the free-space floor: <paramref name="Low"/> true when free space
/// fell below <paramref name="ThresholdBytes"/>, false when it is back above. Published on changes only.
/// </summary>
public sealed record DiskSpaceChanged(DateTimeOffset Time, bool Low, long TotalBytes, long FreeBytes, long ThresholdBytes)
    : NvrEvent(Time);
