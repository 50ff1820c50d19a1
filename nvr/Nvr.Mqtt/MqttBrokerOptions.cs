namespace Nvr.Mqtt;

/// <summary>
/// <c>Mqtt:Broker</c>: the embedded MQTTnet broker that runs when no external broker is configured.
/// Clients must authenticate (checked by <see cref="IMqttUserValidator"/>) unless they connect
/// from loopback; see <see cref="MqttBrokerAuthorizer"/>.
/// </summary>
public sealed class MqttBrokerOptions
{
    /// <summary>Listener port. 1883: the IANA MQTT port, where Home Assistant looks by default.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Address to listen on; empty means every IPv4 and IPv6 address.</summary>
    public string BindAddress { get; set; } = "";

    /// <summary>Let clients on loopback connect without credentials (nvr's own publisher is one).</summary>
    public bool AllowAnonymousLoopback { get; set; } = true;
}
