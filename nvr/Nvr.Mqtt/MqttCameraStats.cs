namespace Nvr.Mqtt;

/// <summary>
/// One camera's main stream over the last stats interval: received bitrate, frame rate, access
/// units dropped (loss, reader overflow) and reconnects since start.
/// </summary>
public sealed record MqttCameraStats(string Camera, double BitrateKbps, double Fps, long Drops, long Reconnects);
