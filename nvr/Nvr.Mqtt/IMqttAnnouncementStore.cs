namespace Nvr.Mqtt;

/// <summary>
/// Remembers which retained topics nvr has published (state and Home Assistant discovery), so topics
/// of cameras removed from the configuration — or of an old prefix — are cleared with an empty
/// retained message at the next start. <see cref="FileMqttAnnouncementStore"/> is a ready one.
/// </summary>
public interface IMqttAnnouncementStore
{
    /// <summary>The saved topics; empty when nothing was saved.</summary>
    IReadOnlyCollection<string> Load();

    /// <summary>Replaces the saved topics. Called whenever the set changes, before the new topics go out.</summary>
    void Save(IReadOnlyCollection<string> topics);
}
