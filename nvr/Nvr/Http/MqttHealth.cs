namespace Nvr.Http;

public sealed record MqttHealth(bool Enabled, string State, string Broker, bool Embedded, DateTimeOffset Since, string? LastError, DateTimeOffset? LastErrorTime, long Connects, long Published);
