using Microsoft.Extensions.Logging;

namespace Nvr.Mqtt;

/// <summary>Log messages of <see cref="MqttService"/>: event ids 700-719. Connection failures are logged once per distinct error.</summary>
public sealed partial class MqttService
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "mqtt: disabled (Mqtt:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "mqtt: invalid configuration, MQTT is off until it is fixed: {Error}")]
    private static partial void LogInvalidOptions(ILogger logger, string error);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "mqtt: connected to {Broker}")]
    private static partial void LogConnected(ILogger logger, string broker);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "mqtt: cannot connect to {Broker}: {Error}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string broker, string error);

    [LoggerMessage(EventId = 704, Level = LogLevel.Error, Message = "mqtt: {Broker} refused the connection ({Code}); check Mqtt:Username and Mqtt:Password")]
    private static partial void LogRefused(ILogger logger, string broker, string code);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "mqtt: disconnected from {Broker}: {Error}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string broker, string error);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "mqtt: published offline and disconnected from {Broker}")]
    private static partial void LogCleanDisconnect(ILogger logger, string broker);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "mqtt: shutdown could not flush: {Error}")]
    private static partial void LogShutdownFlushFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 708, Level = LogLevel.Warning, Message = "mqtt: broker refused subscription {Topic} ({Code}); commands on it will not arrive")]
    private static partial void LogSubscribeRefused(ILogger logger, string topic, string code);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "mqtt: broker rejected a message on {Topic} ({Code})")]
    private static partial void LogPublishRejected(ILogger logger, string topic, string code);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "mqtt: Home Assistant is online; re-announcing")]
    private static partial void LogHomeAssistantOnline(ILogger logger);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "mqtt: ignoring retained command on {Topic} (clear it with an empty retained message)")]
    private static partial void LogRetainedCommand(ILogger logger, string topic);

    [LoggerMessage(EventId = 712, Level = LogLevel.Warning, Message = "mqtt: ignoring malformed command on {Topic}")]
    private static partial void LogBadCommand(ILogger logger, string topic);

    [LoggerMessage(EventId = 713, Level = LogLevel.Warning, Message = "mqtt: command queue full, dropped command on {Topic}")]
    private static partial void LogCommandQueueFull(ILogger logger, string topic);

    [LoggerMessage(EventId = 714, Level = LogLevel.Information, Message = "mqtt: command for {Camera}: {Kind} {Argument}")]
    private static partial void LogCommand(ILogger logger, string camera, MqttCommandKind kind, string argument);

    [LoggerMessage(EventId = 715, Level = LogLevel.Error, Message = "mqtt: command {Kind} for {Camera} failed")]
    private static partial void LogCommandFailed(ILogger logger, string camera, MqttCommandKind kind, Exception exception);

    [LoggerMessage(EventId = 716, Level = LogLevel.Warning, Message = "mqtt: command for unknown camera {Camera} ignored")]
    private static partial void LogUnknownCommandCamera(ILogger logger, string camera);

    [LoggerMessage(EventId = 717, Level = LogLevel.Warning, Message = "mqtt: no command handler; command for {Camera} ignored")]
    private static partial void LogNoCommandHandler(ILogger logger, string camera);

    [LoggerMessage(EventId = 718, Level = LogLevel.Debug, Message = "mqtt: {Event} names a camera the state source does not list; ignored")]
    private static partial void LogUnknownCamera(ILogger logger, string @event);

    [LoggerMessage(EventId = 719, Level = LogLevel.Warning, Message = "mqtt: fell behind the event bus ({Dropped} events lost); re-reading camera state")]
    private static partial void LogBusDropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 730, Level = LogLevel.Warning, Message = "mqtt: stats source failed")]
    private static partial void LogStatsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 731, Level = LogLevel.Warning, Message = "mqtt: camera state source failed")]
    private static partial void LogStateSourceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 732, Level = LogLevel.Warning, Message = "mqtt: announcement store {Operation} failed")]
    private static partial void LogAnnouncementsFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 733, Level = LogLevel.Error, Message = "mqtt: {Error}; retrying in {Delay:0.#} s")]
    private static partial void LogBrokerFailed(ILogger logger, string error, double delay);

    [LoggerMessage(EventId = 734, Level = LogLevel.Error, Message = "mqtt: {Part} stopped unexpectedly; MQTT is degraded until restart")]
    private static partial void LogPartFailed(ILogger logger, string part, Exception exception);
}
