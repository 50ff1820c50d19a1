namespace Nvr.OnvifGlue;

/// <summary>
/// The <c>onvif</c> block of a camera in <c>GET /api/cameras</c>. <see cref="State"/>: connecting,
/// connected, error (<see cref="Error"/> names the ONVIF fault). <see cref="ClockSkewSeconds"/> is
/// device time − our time (positive: the camera runs ahead).
/// </summary>
public sealed record OnvifCameraState(
    string State,
    string? Error,
    string? Manufacturer,
    string? Model,
    string? Firmware,
    string? SerialNumber,
    double? ClockSkewSeconds,
    bool? Ptz,
    bool? Events,
    OnvifEventsState? Subscription);
