namespace Nvr.Onvif.Tests.Simulator;

/// <summary>A PTZ request as the simulator received it.</summary>
public sealed record SimulatorPtzCall(
    string Operation,
    string? ProfileToken,
    float? Pan,
    float? Tilt,
    float? Zoom,
    string? PresetToken,
    string? PresetName,
    string? Timeout,
    string? StopPanTilt = null,
    string? StopZoom = null);
