namespace Nvr.Mqtt;

/// <summary>
/// A snapshot of the MQTT side for the API, <c>/healthz</c> and the UI: a broken broker is a
/// visible condition, never a crash. <see cref="Since"/> is when <see cref="State"/> was entered;
/// <see cref="LastError"/> stays set after recovery (with <see cref="LastErrorTime"/>).
/// </summary>
public sealed record MqttStatus(
    MqttConnectionState State,
    string Broker,
    bool EmbeddedBroker,
    DateTimeOffset Since,
    string? LastError,
    DateTimeOffset? LastErrorTime,
    long Connects,
    long Published,
    long EventsDropped,
    int Pending)
{
    public bool Connected => State == MqttConnectionState.Connected;
}
