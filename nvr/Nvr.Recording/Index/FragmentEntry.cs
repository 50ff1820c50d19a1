namespace Nvr.Recording.Index;

/// <summary>
/// One fragment ('prft'? + 'moof' + 'mdat') of a segment file: where it is and which media time
/// it covers on the reference (video) track, in the file's timeline (tfdt).
/// </summary>
/// <param name="Offset">Byte offset of the fragment (its 'prft', else its 'moof').</param>
/// <param name="Size">Bytes up to the end of its 'mdat'.</param>
/// <param name="Dts">Decode time of its first reference-track sample, file time, reference timescale.</param>
/// <param name="Duration">Sum of its reference-track sample durations, reference timescale.</param>
/// <param name="Keyframe">Its first reference-track sample is a sync sample (playback may start here).</param>
public readonly record struct FragmentEntry(long Offset, int Size, long Dts, uint Duration, bool Keyframe)
{
    public long End => Offset + Size;
}
