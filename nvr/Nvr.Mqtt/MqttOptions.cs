namespace Nvr.Mqtt;

/// <summary>
/// The <c>Mqtt</c> configuration section. Key names are a contract with users: extend, never rename.
/// An empty <see cref="Host"/> runs the embedded broker (<see cref="Broker"/>) and publishes there.
/// Check with <see cref="MqttOptionsValidator"/>; <see cref="MqttService"/> does at start and reports
/// problems through its status instead of failing the process.
/// </summary>
public sealed class MqttOptions
{
    /// <summary>Default topic prefix, as the issue specifies (and Frigate uses <c>frigate</c>).</summary>
    public const string DefaultTopicPrefix = "nvr";

    /// <summary>Home Assistant's default discovery prefix.</summary>
    public const string DefaultDiscoveryPrefix = "homeassistant";

    /// <summary>Set to false to publish nothing and run no broker.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>External broker host name or address; empty runs the embedded broker.</summary>
    public string Host { get; set; } = "";

    /// <summary>External broker port; 0 means 1883, or 8883 with <see cref="Tls"/> (IANA's MQTT ports).</summary>
    public int Port { get; set; }

    /// <summary>Connect to the external broker over TLS.</summary>
    public bool Tls { get; set; }

    /// <summary>PEM file with the CA certificate(s) to trust instead of the system store (self-signed brokers).</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Accept any server certificate. For tests and broken setups only.</summary>
    public bool TlsInsecure { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>MQTT client id; empty means <c>&lt;NodeId&gt;-&lt;machine name&gt;</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>First topic level(s) of everything published: <c>&lt;prefix&gt;/available</c>, … May contain '/'.</summary>
    public string TopicPrefix { get; set; } = DefaultTopicPrefix;

    /// <summary>Home Assistant discovery prefix (HA's <c>discovery_prefix</c>).</summary>
    public string DiscoveryPrefix { get; set; } = DefaultDiscoveryPrefix;

    /// <summary>Publish Home Assistant discovery configs. When switched off, earlier configs are removed.</summary>
    public bool Discovery { get; set; } = true;

    /// <summary>
    /// Discovery node id and unique-id prefix ([A-Za-z0-9_-]); empty means the topic prefix with
    /// other characters replaced by '_'. Must differ between boxes sharing one Home Assistant.
    /// </summary>
    public string NodeId { get; set; } = "";

    /// <summary>
    /// Seconds <c>&lt;camera&gt;/motion</c> stays ON after the last source reported no motion.
    /// 30: Frigate's <c>mqtt_off_delay</c> default, long enough to merge a person walking through.
    /// </summary>
    public double MotionOffDelaySeconds { get; set; } = 30;

    /// <summary>Seconds between <c>&lt;prefix&gt;/stats</c> messages; 0 disables them. 60: Frigate's stats_interval.</summary>
    public double StatsIntervalSeconds { get; set; } = 60;

    /// <summary>MQTT keep-alive. 30 s: half of Mosquitto's 60 s default, so a dead link shows within ~45 s.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>
    /// Longest wait between reconnect attempts after a network failure (0.25 s doubling up to this).
    /// 2 s: a refused connection costs the broker nothing, and the issue wants state back within 5 s of
    /// a broker restart.
    /// </summary>
    public double ReconnectMaxDelaySeconds { get; set; } = 2;

    /// <summary>The embedded broker, used when <see cref="Host"/> is empty.</summary>
    public MqttBrokerOptions Broker { get; set; } = new();

    /// <summary>True when the embedded broker runs (no <see cref="Host"/>).</summary>
    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(Host);

    /// <summary>The discovery node id after defaulting.</summary>
    public string ResolvedNodeId => string.IsNullOrEmpty(NodeId) ? MqttTopics.ToNodeId(TopicPrefix) : NodeId;

    /// <summary>The client id after defaulting.</summary>
    public string ResolvedClientId =>
        string.IsNullOrEmpty(ClientId) ? ResolvedNodeId + "-" + MqttTopics.ToNodeId(Environment.MachineName) : ClientId;

    /// <summary>The port to connect to after defaulting.</summary>
    public int ResolvedPort => Port != 0 ? Port : Tls ? 8883 : 1883;
}
