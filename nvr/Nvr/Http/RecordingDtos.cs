namespace Nvr.Http;

/// <summary><c>GET /api/recordings</c>: continuous spans with their segments, and the gaps between them.</summary>
public sealed record RecordingsResponse(string Camera, string? Stream, DateTime From, DateTime To, SpanInfo[] Spans, GapInfo[] Gaps);

public sealed record SpanInfo(string Stream, DateTime Start, DateTime End, double DurationSeconds, SegmentInfo[] Segments);

public sealed record SegmentInfo(string Path, DateTime Start, DateTime End, double DurationSeconds, long Bytes, string Codecs,
    int Width, int Height, int Frames, int Fragments, bool ClockSynchronised, string StartReason);

public sealed record GapInfo(string Stream, DateTime Start, DateTime End, double DurationSeconds, string Reason);

/// <summary><c>GET /api/storage</c>.</summary>
public sealed record StorageResponse(long RecordingsBytes, long? VolumeTotalBytes, long? VolumeFreeBytes, long FloorBytes,
    DateTime? Oldest, DateTime? Newest, CameraStorageInfo[] Cameras);

public sealed record CameraStorageInfo(string Camera, long Bytes, int Segments, DateTime? Oldest, DateTime? Newest);
