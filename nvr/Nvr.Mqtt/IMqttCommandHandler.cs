namespace Nvr.Mqtt;

/// <summary>
/// Receives commands from <c>&lt;prefix&gt;/&lt;camera&gt;/recording/set</c> and
/// <c>&lt;prefix&gt;/&lt;camera&gt;/ptz</c>, only for cameras the <see cref="IMqttStateSource"/>
/// lists, one at a time. Implemented by the executable. After a recording change it should publish
/// a <c>RecordingChanged</c> event: that is what updates <c>&lt;camera&gt;/recording</c> (Home
/// Assistant's switch waits for the state). Exceptions are logged, never fatal.
/// </summary>
public interface IMqttCommandHandler
{
    Task SetRecordingAsync(string camera, bool enabled, CancellationToken cancellationToken);

    /// <summary><paramref name="command"/> is normalised by <see cref="MqttPtzCommand"/>.</summary>
    Task PtzAsync(string camera, string command, CancellationToken cancellationToken);
}
