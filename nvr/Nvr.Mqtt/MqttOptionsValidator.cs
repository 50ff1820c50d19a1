using System.Net;

namespace Nvr.Mqtt;

/// <summary>
/// Checks <see cref="MqttOptions"/>; each problem is one line naming the key in configuration
/// syntax (<c>Mqtt:TopicPrefix</c>), like the executable's own validator. Nothing is echoed that
/// could be a secret. An invalid MQTT section must not stop recording: the executable may log
/// these and carry on — <see cref="MqttService"/> then reports <see cref="MqttConnectionState.Failed"/>.
/// </summary>
public static class MqttOptionsValidator
{
    public static IReadOnlyList<string> Validate(MqttOptions options, string section = "Mqtt")
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.Enabled) return errors;
        void Error(string key, string message) => errors.Add($"{section}:{key}: {message}");

        if (!MqttTopics.IsValidPrefix(options.TopicPrefix))
            Error("TopicPrefix", $"must be 1-{MqttTopics.MaxPrefixLength} characters without '+', '#', control characters, empty levels or a leading '$'");
        if (!MqttTopics.IsValidPrefix(options.DiscoveryPrefix))
            Error("DiscoveryPrefix", $"must be 1-{MqttTopics.MaxPrefixLength} characters without '+', '#', control characters, empty levels or a leading '$'");
        if (!string.IsNullOrEmpty(options.NodeId) && !MqttTopics.IsValidId(options.NodeId))
            Error("NodeId", "must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        if (options.ClientId.Length > 128 || options.ClientId.Any(char.IsControl))
            Error("ClientId", "must be at most 128 characters without control characters");

        if (!options.UsesEmbeddedBroker)
        {
            if (Uri.CheckHostName(options.Host.Trim()) == UriHostNameType.Unknown)
                Error("Host", "is not a host name or IP address");
            if (options.Port is < 0 or > 65535)
                Error("Port", "must be 0 (default) or 1-65535");
        }
        else
        {
            if (options.Tls) Error("Tls", "needs Mqtt:Host: the embedded broker does not serve TLS");
            if (options.Broker.Port is < 1 or > 65535) Error("Broker:Port", "must be 1-65535");
            if (!string.IsNullOrWhiteSpace(options.Broker.BindAddress) && !IPAddress.TryParse(options.Broker.BindAddress, out _))
                Error("Broker:BindAddress", "must be an IP address or empty");
        }

        if (string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
            Error("Password", "is set but Mqtt:Username is not");
        if (!string.IsNullOrEmpty(options.TlsCaFile))
        {
            if (!options.Tls) Error("TlsCaFile", "is set but Mqtt:Tls is false");
            else if (!File.Exists(options.TlsCaFile)) Error("TlsCaFile", "file not found");
        }

        if (!double.IsFinite(options.MotionOffDelaySeconds) || options.MotionOffDelaySeconds is < 0 or > 3600)
            Error("MotionOffDelaySeconds", "must be 0-3600");
        if (!double.IsFinite(options.StatsIntervalSeconds) || options.StatsIntervalSeconds < 0 || options.StatsIntervalSeconds is > 0 and < 1 || options.StatsIntervalSeconds > 86400)
            Error("StatsIntervalSeconds", "must be 0 (off) or 1-86400");
        if (options.KeepAliveSeconds is < 5 or > 3600)
            Error("KeepAliveSeconds", "must be 5-3600");
        if (!double.IsFinite(options.ReconnectMaxDelaySeconds) || options.ReconnectMaxDelaySeconds is < 0.25 or > 600)
            Error("ReconnectMaxDelaySeconds", "must be 0.25-600");
        return errors;
    }
}
