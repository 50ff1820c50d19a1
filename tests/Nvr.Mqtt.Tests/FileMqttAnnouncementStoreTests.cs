using Nvr.Mqtt;
using Nvr.Testing;

namespace Nvr.Mqtt.Tests;

public sealed class FileMqttAnnouncementStoreTests
{
    [Fact]
    public void Saves_and_loads_topics_sorted_and_deduplicated()
    {
        using var dir = TempDirectory.Create("mqtt-store");
        var store = new FileMqttAnnouncementStore(Path.Combine(dir.Path, "sub", "mqtt-topics.json"));
        Assert.Empty(store.Load());
        store.Save(["nvr/b/status", "homeassistant/switch/nvr/b_recording/config", "nvr/available"]);
        Assert.Equal(["homeassistant/switch/nvr/b_recording/config", "nvr/available", "nvr/b/status"], store.Load());
        Assert.Equal("""{"version":1,"topics":["homeassistant/switch/nvr/b_recording/config","nvr/available","nvr/b/status"]}""", File.ReadAllText(store.Path));
        Assert.False(File.Exists(store.Path + ".tmp"));
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("""{"version":1,"topics":null}""", "")]
    [InlineData("""{"version":1,"topics":["a","a",""]}""", "a")]
    public void A_damaged_file_loads_as_what_can_be_used(string content, string expected)
    {
        using var dir = TempDirectory.Create("mqtt-store");
        var path = Path.Combine(dir.Path, "t.json");
        File.WriteAllText(path, content);
        var loaded = new FileMqttAnnouncementStore(path).Load();
        Assert.Equal(expected, string.Join(",", loaded));
    }
}
