using System.Text;
using Nvr.Mqtt;
using Nvr.Testing;
using Nvr.Testing.Fuzz;

namespace Nvr.Mqtt.Tests;

/// <summary>Replays the seed corpora and their mutations through the parsers of untrusted input.</summary>
public sealed class FuzzTests
{
    private static readonly MqttTopics Topics = new("nvr", "homeassistant", "nvr");

    /// <summary>
    /// Incoming PUBLISH topic + payload (seed files: topic, NUL, payload), through the same
    /// parsing as the service's receive handler. Nothing may throw; results stay within bounds.
    /// </summary>
    [Fact]
    public void Command_parsing_never_throws()
    {
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("mqtt-command"))
        {
            int nul = Array.IndexOf(input, (byte)0);
            var topic = Encoding.UTF8.GetString(input, 0, nul < 0 ? input.Length : nul);
            var payload = nul < 0 ? [] : input.AsSpan(nul + 1);
            if (!Topics.TryParseCommand(topic, out var camera, out var kind)) continue;
            Assert.True(MqttTopics.IsValidId(camera));
            if (kind == MqttCommandKind.SetRecording)
            {
                MqttPayloads.TryParseOnOff(payload, out _);
            }
            else if (MqttPtzCommand.TryParse(payload, out var command))
            {
                Assert.InRange(command.Length, 1, MqttPtzCommand.MaxLength);
                parsed++;
            }
        }

        Assert.True(parsed > 0, "no seed produced a PTZ command: the corpus lost its valid seeds");
    }

    [Fact]
    public void Announcement_file_loading_never_throws()
    {
        using var dir = TempDirectory.Create("mqtt-fuzz");
        var path = Path.Combine(dir.Path, "topics.json");
        var store = new FileMqttAnnouncementStore(path);
        int loaded = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("mqtt-announcements", mutationsPerSeed: 50))
        {
            File.WriteAllBytes(path, input);
            var topics = store.Load();
            Assert.All(topics, t => Assert.False(string.IsNullOrEmpty(t)));
            Assert.True(topics.Count <= input.Length);
            if (topics.Count > 0) loaded++;
        }

        Assert.True(loaded > 0, "no seed loaded: the corpus lost its valid seeds");
    }
}
