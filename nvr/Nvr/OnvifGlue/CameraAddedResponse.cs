namespace Nvr.OnvifGlue;

/// <summary>Answer of <c>POST /api/cameras</c> (201): what was written to the configuration file, without the password.</summary>
public sealed record CameraAddedResponse(string Id, string Name, string Onvif, string Url, string? SubUrl, string? SnapshotUrl, OnvifCameraState Device);
