namespace Nvr.Hls;

/// <summary>State of one output (fMP4 or MPEG-TS) of an <see cref="HlsMuxer"/>.</summary>
public sealed record HlsOutputStatus
{
    public required HlsFormat Format { get; init; }
    public required bool LowLatency { get; init; }
    public required bool CarriesVideo { get; init; }
    /// <summary>The segments have an audio track (AAC); false for G.711 without a transcoder.</summary>
    public required bool CarriesAudio { get; init; }
    /// <summary>CODECS of the variant stream, e.g. <c>avc1.42C01E,mp4a.40.2</c>; empty before the first description.</summary>
    public required string Codecs { get; init; }
    public required int TargetDuration { get; init; }
    /// <summary>Complete segments held (listed + retained).</summary>
    public required int Segments { get; init; }
    /// <summary>Media Sequence Number of the newest complete segment; -1 before the first.</summary>
    public required long LastMsn { get; init; }
    public required long SegmentsCompleted { get; init; }
    public required long Bytes { get; init; }
    public required long PeakBitrate { get; init; }
    /// <summary>Units the segmenter refused (non-increasing DTS, oversized, malformed payload).</summary>
    public required long UnitsRejected { get; init; }
}
