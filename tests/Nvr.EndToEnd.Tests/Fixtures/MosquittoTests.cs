using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>The Mosquitto fixture, checked with mosquitto_pub / mosquitto_sub.</summary>
public sealed class MosquittoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_retained_message_round_trips_through_the_broker()
    {
        await using var broker = await Mosquitto.StartAsync(log: Probe.To(output));

        var published = await broker.PublishAsync("nvr/test/state", "online", retain: true, qos: 1);
        var received = await broker.ReceiveOneAsync("nvr/test/state", TimeSpan.FromSeconds(5));

        Assert.True(published.Succeeded, published.ToString());
        Assert.Equal("online", received);
    }

    [Fact]
    public async Task With_credentials_anonymous_clients_are_refused()
    {
        await using var broker = await Mosquitto.StartAsync("nvr", "s3cret", Probe.To(output));

        var anonymous = await broker.PublishAsync("t", "x", username: "", password: "");
        var wrong = await broker.PublishAsync("t", "x", username: "nvr", password: "nope");
        var right = await broker.PublishAsync("nvr/cfg", "42", retain: true);
        var received = await broker.ReceiveOneAsync("nvr/cfg", TimeSpan.FromSeconds(5));

        Assert.False(anonymous.Succeeded, anonymous.ToString());
        Assert.Contains("not authorised", anonymous.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.False(wrong.Succeeded, wrong.ToString());
        Assert.True(right.Succeeded, right.ToString());
        Assert.Equal("42", received);
    }

    [Fact]
    public async Task Restart_keeps_the_port_and_a_live_subscriber_gets_messages()
    {
        await using var broker = await Mosquitto.StartAsync(log: Probe.To(output));
        int port = broker.Port;

        await broker.RestartAsync();
        await using var subscriber = await broker.SubscribeAsync("nvr/+/event");
        var published = await broker.PublishAsync("nvr/cam1/event", "motion");
        var line = await subscriber.WaitForLineAsync(l => l.StartsWith("nvr/cam1/event ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the published message");

        Assert.Equal(port, broker.Port);
        Assert.True(published.Succeeded, published.ToString());
        Assert.Equal("nvr/cam1/event motion", line);
    }
}
