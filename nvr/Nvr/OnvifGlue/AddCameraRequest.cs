namespace Nvr.OnvifGlue;

/// <summary>
/// Body of <c>POST /api/cameras</c>: <see cref="Onvif"/> is <c>host</c>, <c>host:port</c> or a device
/// service URL. <see cref="Id"/> defaults to a slug of <see cref="Name"/> or the camera model.
/// </summary>
public sealed record AddCameraRequest(string? Onvif, string? Username, string? Password, string? Id = null, string? Name = null, string? Transport = null, bool? Record = null);
