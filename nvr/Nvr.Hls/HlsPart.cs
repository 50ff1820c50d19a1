namespace Nvr.Hls;

/// <summary>
/// One LL-HLS partial segment (RFC 8216bis §4.4.4.9): a 'moof' + 'mdat' of about
/// <see cref="HlsMuxerOptions.PartDuration"/>. Its parent segment is the concatenation of its parts.
/// </summary>
internal sealed class HlsPart(int index, long durationTicks, int timescale, bool independent, DateTime wallClock, IReadOnlyList<ReadOnlyMemory<byte>> chunks, long bytes)
{
    public int Index { get; } = index;
    /// <summary>Duration in the reference track's clock.</summary>
    public long DurationTicks { get; } = durationTicks;
    public double Duration => (double)DurationTicks / timescale;
    /// <summary>Starts with a video keyframe (<c>INDEPENDENT=YES</c>).</summary>
    public bool Independent { get; } = independent;
    /// <summary>UTC wallclock of its first sample.</summary>
    public DateTime WallClock { get; } = wallClock;
    public IReadOnlyList<ReadOnlyMemory<byte>> Chunks { get; } = chunks;
    public long Bytes { get; } = bytes;
}
