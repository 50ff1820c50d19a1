namespace Nvr.Rtmp.Flv;

/// <summary>Outcome of <see cref="FlvDemuxer.Demux"/>.</summary>
public enum FlvDemuxResult
{
    /// <summary>A media unit was produced.</summary>
    Unit,
    /// <summary>A sequence header updated the track parameters (no unit).</summary>
    SequenceHeader,
    /// <summary>onMetaData was read (no unit).</summary>
    Metadata,
    /// <summary>Nothing to do (end of sequence, command frames, empty frames, unknown script data).</summary>
    Ignored,
    /// <summary>A frame arrived before its track's sequence header (counted, dropped).</summary>
    Dropped,
    /// <summary>A codec this pipeline does not handle (MP3, Speex, VP6, …; counted, dropped).</summary>
    Unsupported,
    /// <summary>The tag body is truncated or inconsistent (counted, dropped).</summary>
    Malformed,
}
