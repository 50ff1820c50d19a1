namespace Nvr.Media.Mp4;

/// <summary>
/// One movie fragment of a file: an optional 'prft', the 'moof' and the 'mdat' holding its
/// samples (ISO/IEC 14496-12 §8.8.4, §8.16.5). This is both what <see cref="Mp4FragmentWriter"/>
/// returns for each fragment it writes and what <see cref="Mp4Reader"/> finds in a file, so a
/// recorder's fragment table can be rebuilt from the file alone.
/// </summary>
public sealed class Mp4Fragment
{
    public Mp4Fragment(long offset, long size, uint sequenceNumber, int referenceTrackId, IReadOnlyList<Mp4TrackFragment> tracks,
        DateTime? wallClock = null, int wallClockTrackId = 0, long wallClockMediaTime = 0)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Offset = offset;
        Size = size;
        SequenceNumber = sequenceNumber;
        ReferenceTrackId = referenceTrackId;
        Tracks = tracks;
        WallClock = wallClock;
        WallClockTrackId = wallClockTrackId;
        WallClockMediaTime = wallClockMediaTime;
        foreach (var t in tracks)
        {
            if (t.TrackId == referenceTrackId)
            {
                Reference = t;
                break;
            }
        }
    }

    /// <summary>Byte offset of the fragment in the file (its 'prft' when present, else its 'moof').</summary>
    public long Offset { get; }
    /// <summary>Bytes from <see cref="Offset"/> to the end of the 'mdat'.</summary>
    public long Size { get; }
    public long End => Offset + Size;
    /// <summary>'mfhd' sequence_number.</summary>
    public uint SequenceNumber { get; }
    /// <summary>The track whose timing describes the fragment: the first video track, else the first track.</summary>
    public int ReferenceTrackId { get; }
    public IReadOnlyList<Mp4TrackFragment> Tracks { get; }
    /// <summary>The reference track's samples in this fragment, if it has any.</summary>
    public Mp4TrackFragment? Reference { get; }

    /// <summary>'prft' ntp_timestamp as UTC: the wallclock of the sample of <see cref="WallClockTrackId"/> presented at <see cref="WallClockMediaTime"/>.</summary>
    public DateTime? WallClock { get; }
    /// <summary>'prft' reference_track_ID (0 without a prft).</summary>
    public int WallClockTrackId { get; }
    /// <summary>'prft' media_time: a presentation time in the timescale of <see cref="WallClockTrackId"/>.</summary>
    public long WallClockMediaTime { get; }

    /// <summary>Decode time of the reference track's first sample (its 'tfdt'); 0 without reference samples.</summary>
    public long StartDts => Reference?.BaseDecodeTime ?? 0;
    /// <summary>Duration of the reference track's samples, in its timescale.</summary>
    public long Duration => Reference?.Duration ?? 0;
    /// <summary><see cref="Duration"/> as a time span (zero when the timescale is unknown).</summary>
    public TimeSpan DurationTime => Reference is { Timescale: > 0 } r ? TimeSpan.FromTicks((long)((Int128)r.Duration * TimeSpan.TicksPerSecond / r.Timescale)) : TimeSpan.Zero;
    /// <summary>True when the reference track's first sample is a sync sample (a decoder can start here).</summary>
    public bool IsKeyframe => Reference?.FirstSampleIsSync ?? false;

    /// <summary>Total samples over all tracks.</summary>
    public int SampleCount
    {
        get
        {
            int n = 0;
            foreach (var t in Tracks) n += t.Samples.Count;
            return n;
        }
    }

    /// <summary>The samples of track <paramref name="trackId"/>, or null.</summary>
    public Mp4TrackFragment? Track(int trackId)
    {
        foreach (var t in Tracks)
        {
            if (t.TrackId == trackId) return t;
        }
        return null;
    }
}
