namespace Nvr.Recording.Index;

/// <summary>Disk use of one camera (all its streams) for <c>GET /api/storage</c>.</summary>
public sealed record CameraStorage(string Camera, long Bytes, int Segments, DateTime? Oldest, DateTime? Newest);
