using Nvr.Streaming.Events;

namespace Nvr.Mqtt;

/// <summary>
/// One camera as MQTT shows it: <see cref="Id"/> goes into topics ([A-Za-z0-9_-]),
/// <see cref="Name"/> is the Home Assistant device name. <see cref="Status"/> is the main stream's.
/// <see cref="Motion"/> is the raw "a source sees motion now" (the off-delay is applied here).
/// </summary>
public sealed record MqttCameraInfo(string Id, string Name)
{
    public CameraState Status { get; init; } = CameraState.Connecting;
    public string Reason { get; init; } = "";
    public bool Recording { get; init; }
    public bool Motion { get; init; }
    /// <summary>From ONVIF device information when known; shown in the Home Assistant device block.</summary>
    public string? Manufacturer { get; init; }
    public string? Model { get; init; }
    public string? Firmware { get; init; }
    /// <summary>The camera can pan/tilt/zoom (ONVIF PTZ): Home Assistant gets buttons that publish to <c>…/ptz</c>.</summary>
    public bool Ptz { get; init; }
}
