using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Nvr.Mqtt;

/// <summary>
/// Routes MQTTnet's own log into <see cref="ILogger"/> at Debug/Trace: its errors are mostly the
/// expected failures of a reconnect loop, which <see cref="MqttService"/> reports once, with context.
/// </summary>
internal sealed partial class MqttNetLogAdapter(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel == MqttNetLogLevel.Verbose ? LogLevel.Trace : LogLevel.Debug;
        if (!logger.IsEnabled(level)) return;
        string text = message ?? "";
        if (parameters is { Length: > 0 })
        {
            try
            {
                text = string.Format(CultureInfo.InvariantCulture, text, parameters);
            }
            catch (FormatException)
            {
                // Keep the template as it is.
            }
        }

        Log(logger, level, source ?? "MQTTnet", text, exception);
    }

    [LoggerMessage(EventId = 790, Message = "MQTTnet {Source}: {Text}")]
    private static partial void Log(ILogger logger, LogLevel level, string source, string text, Exception? exception);
}
