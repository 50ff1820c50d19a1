using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Mqtt;
using Nvr.OnvifGlue;
using Nvr.Streaming.Events;

namespace Nvr.MqttGlue;

/// <summary>Current camera state for MQTT's retained topics: status of the main stream, the recording switch, ONVIF device info.</summary>
public sealed class NvrMqttStateSource(NvrOptions options, CameraManager cameras, RecordingSwitch recording, OnvifCameras onvif) : IMqttStateSource
{
    public IReadOnlyList<MqttCameraInfo> GetCameras() => options.Cameras.Select(c =>
    {
        var status = cameras.Find(c.Id, "main")?.Supervisor.Status;
        var device = onvif.Find(c.Id)?.Describe();
        return new MqttCameraInfo(c.Id, c.Name ?? c.Id)
        {
            Status = c.Enabled ? status?.State ?? CameraState.Connecting : CameraState.Disabled,
            Reason = c.Enabled ? status?.Reason ?? "" : "disabled in the configuration",
            Recording = recording.IsEnabled(c.Id),
            Manufacturer = device?.Manufacturer,
            Model = device?.Model,
            Firmware = device?.Firmware,
            Ptz = device?.Ptz == true,
        };
    }).ToList();
}
