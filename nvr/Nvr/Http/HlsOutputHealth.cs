namespace Nvr.Http;

/// <summary>One output (fMP4 or MPEG-TS) of a muxer.</summary>
public sealed record HlsOutputHealth(string Format, bool LowLatency, bool Audio, string Codecs, int TargetDuration, int Segments, long LastMsn, long Bytes, long PeakBitrate);
