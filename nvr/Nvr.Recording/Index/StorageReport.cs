namespace Nvr.Recording.Index;

/// <summary>Answer of <c>GET /api/storage</c>: bytes per camera, free space, oldest and newest recording.</summary>
public sealed record StorageReport(
    IReadOnlyList<CameraStorage> Cameras,
    long TotalBytes,
    long? VolumeTotalBytes,
    long? VolumeFreeBytes,
    long FloorBytes,
    DateTime? Oldest,
    DateTime? Newest);
