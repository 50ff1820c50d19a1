using Nvr.Cameras;
using Nvr.Mqtt;

namespace Nvr.MqttGlue;

/// <summary>Commands from MQTT: <c>&lt;prefix&gt;/&lt;camera&gt;/recording/set</c> and <c>…/ptz</c>.</summary>
public sealed partial class NvrMqttCommandHandler(RecordingSwitch recording, ILogger<NvrMqttCommandHandler> logger) : IMqttCommandHandler
{
    public Task SetRecordingAsync(string camera, bool enabled, CancellationToken cancellationToken)
    {
        recording.Set(camera, enabled, "mqtt");
        return Task.CompletedTask;
    }

    public Task PtzAsync(string camera, string command, CancellationToken cancellationToken)
    {
        // PTZ reaches cameras through ONVIF; cameras without an ONVIF address cannot move.
        LogPtzUnavailable(logger, camera, command);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "PTZ {Command} for camera {Camera}: the camera has no ONVIF connection")]
    private static partial void LogPtzUnavailable(ILogger logger, string camera, string command);
}
