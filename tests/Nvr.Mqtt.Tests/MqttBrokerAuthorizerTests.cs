using System.Net;
using MQTTnet.Protocol;
using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MqttBrokerAuthorizerTests
{
    private sealed class Users : IMqttUserValidator
    {
        public bool Validate(string username, string password) => username == "ha" && password == "secret";
    }

    private sealed class ThrowingUsers : IMqttUserValidator
    {
        public bool Validate(string username, string password) => throw new InvalidOperationException("database closed");
    }

    private static readonly MqttBrokerAuthorizer Authorizer = new(new Users(), allowAnonymousLoopback: true, internalSecret: "s3cret-internal");

    public static TheoryData<string, string?, string?, MqttConnectReasonCode> Cases => new()
    {
        // Anonymous: loopback only.
        { "127.0.0.1:50000", null, null, MqttConnectReasonCode.Success },
        { "127.8.9.10:50000", "", null, MqttConnectReasonCode.Success },
        { "[::1]:50000", null, null, MqttConnectReasonCode.Success },
        { "[::ffff:127.0.0.1]:50000", null, null, MqttConnectReasonCode.Success },
        { "192.168.1.20:50000", null, null, MqttConnectReasonCode.NotAuthorized },
        { "[fd00::2]:50000", null, null, MqttConnectReasonCode.NotAuthorized },
        { "[::ffff:192.168.1.20]:50000", null, null, MqttConnectReasonCode.NotAuthorized },
        // Credentials: checked wherever they come from.
        { "192.168.1.20:50000", "ha", "secret", MqttConnectReasonCode.Success },
        { "192.168.1.20:50000", "ha", "wrong", MqttConnectReasonCode.BadUserNameOrPassword },
        { "192.168.1.20:50000", "ha", null, MqttConnectReasonCode.BadUserNameOrPassword },
        { "127.0.0.1:50000", "ha", "wrong", MqttConnectReasonCode.BadUserNameOrPassword },
        // nvr's own publisher.
        { "127.0.0.1:50000", MqttBrokerAuthorizer.InternalUsername, "s3cret-internal", MqttConnectReasonCode.Success },
        { "192.168.1.20:50000", MqttBrokerAuthorizer.InternalUsername, "guess", MqttConnectReasonCode.BadUserNameOrPassword },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string remote, string? user, string? password, MqttConnectReasonCode expected) =>
        Assert.Equal(expected, Authorizer.Decide(IPEndPoint.Parse(remote), user, password));

    [Fact]
    public void Without_loopback_exemption_or_users_everything_anonymous_is_refused()
    {
        var strict = new MqttBrokerAuthorizer(null, allowAnonymousLoopback: false, internalSecret: "x");
        Assert.Equal(MqttConnectReasonCode.NotAuthorized, strict.Decide(IPEndPoint.Parse("127.0.0.1:1"), null, null));
        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, strict.Decide(IPEndPoint.Parse("127.0.0.1:1"), "ha", "secret"));
        Assert.Equal(MqttConnectReasonCode.NotAuthorized, strict.Decide(null, null, null));
    }

    [Fact]
    public void A_failing_validator_refuses_instead_of_throwing()
    {
        var authorizer = new MqttBrokerAuthorizer(new ThrowingUsers(), true, "x");
        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, authorizer.Decide(IPEndPoint.Parse("10.0.0.1:1"), "ha", "secret"));
    }
}
