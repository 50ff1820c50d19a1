using System.Text;
using MQTTnet.Protocol;
using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MqttOutboxTests
{
    private const MqttQualityOfServiceLevel Q1 = MqttQualityOfServiceLevel.AtLeastOnce;

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static List<string> Drain(MqttOutbox outbox)
    {
        var list = new List<string>();
        while (outbox.TryTake(out var m))
        {
            list.Add($"{m.Topic}={Encoding.UTF8.GetString(m.Payload.Span)}{(m.Retain ? " r" : "")}");
            outbox.Acknowledge(m);
        }

        return list;
    }

    [Fact]
    public void Retained_values_coalesce_in_place_and_unchanged_values_are_not_queued()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("a", B("1"), Q1);
        outbox.Enqueue("e", B("x"), Q1);
        outbox.SetRetained("a", B("2"), Q1);
        outbox.SetRetained("b", B("1"), Q1);
        Assert.Equal(["a=2 r", "e=x", "b=1 r"], Drain(outbox));
        outbox.SetRetained("a", B("2"), Q1);
        Assert.Empty(Drain(outbox));
    }

    [Fact]
    public void Republish_puts_every_retained_value_first_in_first_publication_order()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("available", B("online"), Q1);
        outbox.SetRetained("cam/status", B("online"), Q1);
        Drain(outbox);
        outbox.Enqueue("events", B("1"), Q1);
        outbox.SetRetained("cam/status", B("offline"), Q1);
        outbox.RepublishAll();
        Assert.Equal(["available=online r", "cam/status=offline r", "events=1"], Drain(outbox));
    }

    [Fact]
    public void Events_are_bounded_dropping_the_oldest()
    {
        var outbox = new MqttOutbox(maxPendingEvents: 2);
        outbox.SetRetained("r", B("1"), Q1);
        outbox.Enqueue("e", B("1"), Q1);
        outbox.Enqueue("e", B("2"), Q1);
        outbox.Enqueue("e", B("3"), Q1);
        Assert.Equal(1, outbox.Dropped);
        Assert.Equal(["r=1 r", "e=2", "e=3"], Drain(outbox));
    }

    [Fact]
    public void A_failed_message_goes_back_to_the_front_unless_a_newer_value_is_queued()
    {
        var outbox = new MqttOutbox();
        outbox.Enqueue("e", B("1"), Q1);
        outbox.SetRetained("r", B("1"), Q1);
        Assert.True(outbox.TryTake(out var e1));
        outbox.Return(e1);
        Assert.True(outbox.TryTake(out _));
        Assert.True(outbox.TryTake(out var r1));
        outbox.SetRetained("r", B("2"), Q1);
        outbox.Return(r1);
        Assert.Equal(["r=2 r"], Drain(outbox));
    }

    [Fact]
    public void Owned_topics_keep_a_deletion_until_it_is_acknowledged()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("a", B("1"), Q1);
        outbox.Adopt("old/snapshot");
        long v0 = outbox.OwnedVersion;
        Assert.Equal(["a", "old/snapshot"], outbox.OwnedTopics.Order());
        outbox.DeleteRetained("a");
        Assert.Equal(["a", "old/snapshot"], outbox.OwnedTopics.Order());
        Assert.True(outbox.TryTake(out var deletion));
        Assert.True(deletion.IsDeletion);
        Assert.Equal(v0, outbox.OwnedVersion);
        outbox.Acknowledge(deletion);
        Assert.Equal(["old/snapshot"], outbox.OwnedTopics);
        Assert.NotEqual(v0, outbox.OwnedVersion);
    }

    [Fact]
    public void Republishing_a_topic_cancels_its_pending_deletion()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("a", B("1"), Q1);
        Drain(outbox);
        outbox.DeleteRetained("a");
        outbox.SetRetained("a", B("1"), Q1);
        Assert.Equal(["a=1 r"], Drain(outbox));
        Assert.Equal(["a"], outbox.OwnedTopics);
    }

    [Fact]
    public void Refuses_an_empty_retained_value()
    {
        Assert.Throws<ArgumentException>(() => new MqttOutbox().SetRetained("a", ReadOnlyMemory<byte>.Empty, Q1));
    }

    [Fact]
    public void Edges_keep_a_short_on_before_its_off_but_at_most_one_older_value()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        Drain(outbox);
        outbox.SetRetained("m", B("ON"), Q1, keepEdges: true);
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        Assert.Equal(["m=ON r", "m=OFF r"], Drain(outbox));

        outbox.SetRetained("m", B("ON"), Q1, keepEdges: true);
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        outbox.SetRetained("m", B("ON"), Q1, keepEdges: true);
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        Assert.Equal(["m=ON r", "m=OFF r"], Drain(outbox));
    }

    [Fact]
    public void Republishing_drops_an_older_edge_so_the_current_value_is_last()
    {
        var outbox = new MqttOutbox();
        outbox.SetRetained("a", B("1"), Q1);
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        Drain(outbox);
        outbox.SetRetained("m", B("ON"), Q1, keepEdges: true);
        outbox.SetRetained("m", B("OFF"), Q1, keepEdges: true);
        outbox.RepublishAll();
        Assert.Equal(["a=1 r", "m=OFF r"], Drain(outbox));
    }
}
