namespace Nvr.Mqtt;

/// <summary>
/// The <c>playback</c> member of an <c>&lt;prefix&gt;/events</c> message: named URLs that replay
/// a camera from <paramref name="start"/> to <paramref name="end"/>. <see cref="MqttPlaybackLinks"/>
/// builds the DESIGN.md endpoints from base URLs.
/// </summary>
public interface IMqttPlaybackLinks
{
    /// <summary>Null or empty when there is nothing to link to.</summary>
    IReadOnlyDictionary<string, string>? For(string camera, DateTimeOffset start, DateTimeOffset? end);
}
