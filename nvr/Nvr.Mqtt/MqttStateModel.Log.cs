using Microsoft.Extensions.Logging;

namespace Nvr.Mqtt;

/// <summary>Log messages of <see cref="MqttStateModel"/>: event ids 720-729.</summary>
internal sealed partial class MqttStateModel
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "mqtt: camera id '{Camera}' cannot be a topic level ([A-Za-z0-9_-], 1-64 characters); not published")]
    private static partial void LogInvalidCamera(ILogger logger, string camera);

    [LoggerMessage(EventId = 721, Level = LogLevel.Information, Message = "mqtt: removing retained topic {Topic} (camera or entity no longer configured)")]
    private static partial void LogRemoved(ILogger logger, string topic);

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "mqtt: snapshot of {Camera} not published: {Bytes} bytes")]
    private static partial void LogSnapshotSize(ILogger logger, string camera, int bytes);

    [LoggerMessage(EventId = 723, Level = LogLevel.Warning, Message = "mqtt: playback links failed")]
    private static partial void LogLinksFailed(ILogger logger, Exception exception);
}
