namespace Nvr.Mqtt;

/// <summary>
/// The cameras and their current state, read by <see cref="MqttService"/> at start, after every
/// reconnect, on <see cref="MqttService.Refresh"/> and when an event names an unknown camera.
/// Implemented by the executable; called from any thread, must be quick and thread-safe.
/// </summary>
public interface IMqttStateSource
{
    /// <summary>Every configured camera (disabled ones included), in display order.</summary>
    IReadOnlyList<MqttCameraInfo> GetCameras();
}
