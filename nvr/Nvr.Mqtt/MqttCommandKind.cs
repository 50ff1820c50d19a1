namespace Nvr.Mqtt;

/// <summary>The command topics nvr subscribes to.</summary>
public enum MqttCommandKind
{
    /// <summary><c>&lt;prefix&gt;/&lt;camera&gt;/recording/set</c> with ON or OFF.</summary>
    SetRecording,
    /// <summary><c>&lt;prefix&gt;/&lt;camera&gt;/ptz</c> with a <see cref="MqttPtzCommand"/>.</summary>
    Ptz,
}
