namespace Nvr.Recording.Storage;

/// <summary>Size and free space of the volume holding the recordings, in bytes (free = available to this process).</summary>
public readonly record struct FreeSpace(long TotalBytes, long FreeBytes)
{
    /// <summary>The free-space floor: the larger of <paramref name="minFreeBytes"/> and <paramref name="minFreePercent"/> % of the volume.</summary>
    public long Floor(long minFreeBytes, double minFreePercent) =>
        Math.Max(minFreeBytes, (long)(TotalBytes * (minFreePercent / 100.0)));
}
