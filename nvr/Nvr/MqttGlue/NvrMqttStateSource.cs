using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.MqttGlue;

/// <summary>Current camera state for MQTT's retained topics: status of the main stream and the recording switch.</summary>
public sealed class NvrMqttStateSource(NvrOptions options, CameraManager cameras, RecordingSwitch recording) : IMqttStateSource
{
    public IReadOnlyList<MqttCameraInfo> GetCameras() => options.Cameras.Select(c =>
    {
        var status = cameras.Find(c.Id, "main")?.Supervisor.Status;
        return new MqttCameraInfo(c.Id, c.Name ?? c.Id)
        {
            Status = c.Enabled ? status?.State ?? CameraState.Connecting : CameraState.Disabled,
            Reason = c.Enabled ? status?.Reason ?? "" : "disabled in the configuration",
            Recording = recording.IsEnabled(c.Id),
        };
    }).ToList();
}
