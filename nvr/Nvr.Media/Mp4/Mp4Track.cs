namespace Nvr.Media.Mp4;

/// <summary>One audio or video 'trak' of an init segment, with its 'trex' defaults (ISO/IEC 14496-12 §8.3, §8.8.3).</summary>
public sealed class Mp4Track
{
    public Mp4Track(int trackId, int timescale, uint sampleEntryType, TrackDescription description,
        uint defaultSampleDuration = 0, uint defaultSampleSize = 0, uint defaultSampleFlags = 0)
    {
        ArgumentNullException.ThrowIfNull(description);
        TrackId = trackId;
        Timescale = timescale;
        SampleEntryType = sampleEntryType;
        Description = description;
        DefaultSampleDuration = defaultSampleDuration;
        DefaultSampleSize = defaultSampleSize;
        DefaultSampleFlags = defaultSampleFlags;
    }

    /// <summary>MP4 track_ID ('tkhd').</summary>
    public int TrackId { get; }
    /// <summary>'mdhd' timescale: ticks per second of every time of this track.</summary>
    public int Timescale { get; }
    /// <summary>Sample entry four-character code ('avc1', 'hvc1', 'mp4a', 'alaw', ...).</summary>
    public uint SampleEntryType { get; }
    /// <summary>
    /// The track as Nvr describes it: <see cref="TrackDescription.Id"/> = MP4 track_ID,
    /// ClockRate = timescale. <see cref="MediaCodec.Unknown"/> when the sample entry is not one
    /// Nvr reads or its configuration box is missing or broken.
    /// </summary>
    public TrackDescription Description { get; }
    public uint DefaultSampleDuration { get; }
    public uint DefaultSampleSize { get; }
    public uint DefaultSampleFlags { get; }

    internal Mp4Track WithDefaults(uint duration, uint size, uint flags) =>
        new(TrackId, Timescale, SampleEntryType, Description, duration, size, flags);
}
