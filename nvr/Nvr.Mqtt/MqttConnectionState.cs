namespace Nvr.Mqtt;

/// <summary>Where the MQTT publisher is; the names are what the API shows (lower-cased).</summary>
public enum MqttConnectionState
{
    /// <summary><c>Mqtt:Enabled</c> is false.</summary>
    Disabled,
    /// <summary>Not started yet.</summary>
    Stopped,
    /// <summary>Trying to connect (first attempt or after a failure).</summary>
    Connecting,
    Connected,
    /// <summary>Lost or refused; retrying with backoff.</summary>
    Disconnected,
    /// <summary>The configuration is invalid: nothing runs until it is fixed and nvr restarted.</summary>
    Failed,
}
