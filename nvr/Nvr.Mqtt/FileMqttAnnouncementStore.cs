using System.Text.Json;
using Nvr.Mqtt.Json;

namespace Nvr.Mqtt;

/// <summary>
/// <see cref="IMqttAnnouncementStore"/> in a small JSON file (e.g. <c>&lt;DataDir&gt;/mqtt-topics.json</c>):
/// <c>{"version":1,"topics":[…]}</c>, replaced atomically (write a temporary file, fsync, rename).
/// A missing or unreadable file loads as empty — worst case, a removed camera's entities stay in
/// Home Assistant until deleted by hand.
/// </summary>
public sealed class FileMqttAnnouncementStore(string path) : IMqttAnnouncementStore
{
    /// <summary>Larger files are not ours (a few hundred topics take a few tens of KiB).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    public string Path { get; } = path;

    public IReadOnlyCollection<string> Load()
    {
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists || info.Length > MaxFileBytes) return [];
            using var stream = File.OpenRead(Path);
            var file = JsonSerializer.Deserialize(stream, MqttJsonContext.Payloads.AnnouncementFile);
            return file?.Topics?.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public void Save(IReadOnlyCollection<string> topics)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temp = Path + ".tmp";
        var file = new AnnouncementFile { Topics = [.. topics.Order(StringComparer.Ordinal)] };
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, MqttJsonContext.Payloads.AnnouncementFile);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
