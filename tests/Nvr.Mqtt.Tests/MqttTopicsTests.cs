using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MqttTopicsTests
{
    private static readonly MqttTopics Topics = new("nvr", "homeassistant", "nvr");

    [Fact]
    public void Builds_every_topic_of_the_documented_layout()
    {
        Assert.Equal("nvr/available", Topics.Available);
        Assert.Equal("nvr/events", Topics.Events);
        Assert.Equal("nvr/stats", Topics.Stats);
        Assert.Equal("homeassistant/status", Topics.DiscoveryStatus);
        Assert.Equal("nvr/front-door/status", Topics.Status("front-door"));
        Assert.Equal("nvr/front-door/status/reason", Topics.StatusReason("front-door"));
        Assert.Equal("nvr/front-door/motion", Topics.Motion("front-door"));
        Assert.Equal("nvr/front-door/recording", Topics.Recording("front-door"));
        Assert.Equal("nvr/front-door/recording/set", Topics.RecordingSet("front-door"));
        Assert.Equal("nvr/front-door/ptz", Topics.Ptz("front-door"));
        Assert.Equal("nvr/front-door/snapshot", Topics.Snapshot("front-door"));
        Assert.Equal("nvr/+/recording/set", Topics.RecordingSetFilter);
        Assert.Equal("nvr/+/ptz", Topics.PtzFilter);
        Assert.Equal("homeassistant/binary_sensor/nvr/front-door_motion/config", Topics.DiscoveryConfig("binary_sensor", "front-door_motion"));
    }

    [Fact]
    public void A_prefix_may_have_several_levels()
    {
        var topics = new MqttTopics("site1/nvr", "ha", "site1_nvr");
        Assert.Equal("site1/nvr/cam/motion", topics.Motion("cam"));
        Assert.Equal("ha/switch/site1_nvr/cam_recording/config", topics.DiscoveryConfig("switch", "cam_recording"));
        Assert.True(topics.TryParseCommand("site1/nvr/cam/ptz", out var camera, out var kind));
        Assert.Equal(("cam", MqttCommandKind.Ptz), (camera, kind));
    }

    [Theory]
    [InlineData("nvr/front/recording/set", true, "front", MqttCommandKind.SetRecording)]
    [InlineData("nvr/front_2/ptz", true, "front_2", MqttCommandKind.Ptz)]
    [InlineData("nvr/front/recording", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvr/front/recording/set/x", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvr//ptz", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvr/a b/ptz", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvrx/front/ptz", false, "", MqttCommandKind.SetRecording)]
    [InlineData("other/front/ptz", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvr/ptz", false, "", MqttCommandKind.SetRecording)]
    [InlineData("nvr", false, "", MqttCommandKind.SetRecording)]
    public void Parses_command_topics(string topic, bool ok, string camera, MqttCommandKind kind)
    {
        Assert.Equal(ok, Topics.TryParseCommand(topic, out var c, out var k));
        Assert.Equal(camera, c);
        if (ok) Assert.Equal(kind, k);
    }

    [Theory]
    [InlineData("nvr", true)]
    [InlineData("site/building-2/nvr", true)]
    [InlineData("", false)]
    [InlineData("/nvr", false)]
    [InlineData("nvr/", false)]
    [InlineData("a//b", false)]
    [InlineData("nvr/+", false)]
    [InlineData("nvr/#", false)]
    [InlineData("$SYS", false)]
    [InlineData("nv\0r", false)]
    public void Validates_prefixes(string prefix, bool valid) => Assert.Equal(valid, MqttTopics.IsValidPrefix(prefix));

    [Fact]
    public void Refuses_camera_ids_that_would_change_the_topic_shape()
    {
        Assert.Throws<ArgumentException>(() => Topics.Status("a/b"));
        Assert.Throws<ArgumentException>(() => Topics.Status("+"));
        Assert.Throws<ArgumentException>(() => Topics.Status(""));
        Assert.Throws<ArgumentException>(() => Topics.Status(new string('a', 65)));
        Assert.Throws<ArgumentException>(() => new MqttTopics("nvr/#", "homeassistant", "nvr"));
        Assert.Throws<ArgumentException>(() => new MqttTopics("nvr", "homeassistant", "n v r"));
    }

    [Theory]
    [InlineData("nvr", "nvr")]
    [InlineData("site1/nvr", "site1_nvr")]
    [InlineData("bäckerei nvr", "b_ckerei_nvr")]
    [InlineData("", "nvr")]
    public void Makes_node_ids_from_text(string text, string expected) => Assert.Equal(expected, MqttTopics.ToNodeId(text));
}
