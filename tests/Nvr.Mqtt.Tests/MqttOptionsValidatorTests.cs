using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MqttOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_mean_the_embedded_broker()
    {
        var options = new MqttOptions();
        Assert.Empty(MqttOptionsValidator.Validate(options));
        Assert.True(options.UsesEmbeddedBroker);
        Assert.Equal("nvr", options.TopicPrefix);
        Assert.Equal("homeassistant", options.DiscoveryPrefix);
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal("nvr", options.ResolvedNodeId);
        Assert.StartsWith("nvr-", options.ResolvedClientId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 0, 1883)]
    [InlineData(true, 0, 8883)]
    [InlineData(true, 9883, 9883)]
    public void Port_defaults_follow_tls(bool tls, int port, int expected) =>
        Assert.Equal(expected, new MqttOptions { Host = "broker", Tls = tls, Port = port }.ResolvedPort);

    public static TheoryData<Action<MqttOptions>, string> Invalid => new()
    {
        { o => o.TopicPrefix = "nvr/#", "Mqtt:TopicPrefix: " },
        { o => o.TopicPrefix = "", "Mqtt:TopicPrefix: " },
        { o => o.DiscoveryPrefix = "/ha", "Mqtt:DiscoveryPrefix: " },
        { o => o.NodeId = "my nvr", "Mqtt:NodeId: " },
        { o => { o.Host = "bad host!"; }, "Mqtt:Host: " },
        { o => { o.Host = "broker"; o.Port = 70000; }, "Mqtt:Port: " },
        { o => o.Tls = true, "Mqtt:Tls: " },
        { o => o.Broker.Port = 0, "Mqtt:Broker:Port: " },
        { o => o.Broker.BindAddress = "localhost", "Mqtt:Broker:BindAddress: " },
        { o => o.Password = "x", "Mqtt:Password: " },
        { o => { o.Host = "broker"; o.Tls = true; o.TlsCaFile = "/nonexistent/ca.pem"; }, "Mqtt:TlsCaFile: " },
        { o => o.MotionOffDelaySeconds = -1, "Mqtt:MotionOffDelaySeconds: " },
        { o => o.StatsIntervalSeconds = 0.5, "Mqtt:StatsIntervalSeconds: " },
        { o => o.KeepAliveSeconds = 1, "Mqtt:KeepAliveSeconds: " },
        { o => o.ReconnectMaxDelaySeconds = double.NaN, "Mqtt:ReconnectMaxDelaySeconds: " },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Names_the_key_of_each_problem(Action<MqttOptions> configure, string prefix)
    {
        var options = new MqttOptions();
        configure(options);
        var error = Assert.Single(MqttOptionsValidator.Validate(options));
        Assert.StartsWith(prefix, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_is_not_checked_and_passwords_are_never_echoed()
    {
        Assert.Empty(MqttOptionsValidator.Validate(new MqttOptions { Enabled = false, TopicPrefix = "#" }));
        var errors = MqttOptionsValidator.Validate(new MqttOptions { Password = "hunter2" });
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }
}
