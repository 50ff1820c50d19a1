using Nvr.Cameras;
using Nvr.Mqtt;
using Nvr.OnvifGlue;

namespace Nvr.MqttGlue;

/// <summary>Commands from MQTT: <c>&lt;prefix&gt;/&lt;camera&gt;/recording/set</c> and <c>…/ptz</c> (ONVIF, see <see cref="OnvifPtz"/>).</summary>
public sealed partial class NvrMqttCommandHandler(RecordingSwitch recording, OnvifPtz ptz, ILogger<NvrMqttCommandHandler> logger) : IMqttCommandHandler
{
    public Task SetRecordingAsync(string camera, bool enabled, CancellationToken cancellationToken)
    {
        recording.Set(camera, enabled, "mqtt");
        return Task.CompletedTask;
    }

    public async Task PtzAsync(string camera, string command, CancellationToken cancellationToken)
    {
        if (ptz.FromMqtt(command) is not { } request)
        {
            LogPtzFailed(logger, camera, command, "unknown command");
            return;
        }
        var (status, error, _) = await ptz.ExecuteAsync(camera, request, cancellationToken).ConfigureAwait(false);
        if (status != 200) LogPtzFailed(logger, camera, command, error ?? $"status {status}");
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "PTZ {Command} for camera {Camera}: {Error}")]
    private static partial void LogPtzFailed(ILogger logger, string camera, string command, string error);
}
