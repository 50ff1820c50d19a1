namespace Nvr.Media.Mp4;

/// <summary>One sample of a track fragment ('trun' entry, ISO/IEC 14496-12 §8.8.8).</summary>
/// <param name="DataOffset">Absolute byte offset of the sample data in the file.</param>
/// <param name="Size">Sample size in bytes.</param>
/// <param name="DecodeTime">Decode time (DTS) in the track timescale.</param>
/// <param name="Duration">Sample duration in the track timescale.</param>
/// <param name="CompositionOffset">PTS − DTS in the track timescale.</param>
/// <param name="Flags">Sample flags (<see cref="Mp4SampleFlags"/>).</param>
public readonly record struct Mp4Sample(long DataOffset, int Size, long DecodeTime, uint Duration, int CompositionOffset, uint Flags)
{
    /// <summary>Presentation time (PTS) in the track timescale.</summary>
    public long PresentationTime => DecodeTime + CompositionOffset;

    public bool IsSync => Mp4SampleFlags.IsSync(Flags);
}
