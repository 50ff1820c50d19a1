namespace Nvr.Media.Mp4;

/// <summary>Which decode times an <see cref="Mp4FragmentWriter"/> stores in 'tfdt'.</summary>
public enum Mp4Timeline
{
    /// <summary>
    /// Each file starts at time zero: its first fragment fixes a per-file origin (the earliest
    /// first DTS over its tracks, converted to each track's clock) that is subtracted from every
    /// time in the file. Within the file tfdt stays continuous; across files the stream times
    /// (origin + tfdt) are continuous. This is what FFmpeg 5.1 needs: its mov demuxer reports a
    /// fragmented file's duration as the absolute end time (start ignored, even with an edit
    /// list, mvhd duration or mehd), so files that do not start at zero concatenate with a gap
    /// as long as their start time (<c>ffmpeg -f concat</c>), and single files show odd timelines.
    /// </summary>
    FileStartsAtZero,

    /// <summary>tfdt = the unit's DTS unchanged: one timeline across all files of a writer (units must have DTS ≥ 0).</summary>
    StreamTime,
}
