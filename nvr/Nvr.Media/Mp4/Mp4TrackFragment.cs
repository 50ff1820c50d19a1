namespace Nvr.Media.Mp4;

/// <summary>
/// The samples of one track in one movie fragment ('traf', ISO/IEC 14496-12 §8.8.6), with its
/// base media decode time ('tfdt', §8.8.12).
/// </summary>
public sealed class Mp4TrackFragment
{
    public Mp4TrackFragment(int trackId, int timescale, long baseDecodeTime, IReadOnlyList<Mp4Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        TrackId = trackId;
        Timescale = timescale;
        BaseDecodeTime = baseDecodeTime;
        Samples = samples;
        long duration = 0;
        long bytes = 0;
        foreach (var s in samples)
        {
            duration += s.Duration;
            bytes += s.Size;
        }
        Duration = duration;
        DataSize = bytes;
    }

    /// <summary>MP4 track_ID.</summary>
    public int TrackId { get; }
    /// <summary>Ticks per second of the track (mdhd timescale); 0 when the init segment is unknown.</summary>
    public int Timescale { get; }
    /// <summary>Decode time of the first sample ('tfdt'), track timescale.</summary>
    public long BaseDecodeTime { get; }
    /// <summary>Sum of the sample durations, track timescale. The next fragment of the track starts at <see cref="BaseDecodeTime"/> + this.</summary>
    public long Duration { get; }
    /// <summary>Sum of the sample sizes in bytes.</summary>
    public long DataSize { get; }
    public IReadOnlyList<Mp4Sample> Samples { get; }
    public bool FirstSampleIsSync => Samples.Count > 0 && Samples[0].IsSync;
}
