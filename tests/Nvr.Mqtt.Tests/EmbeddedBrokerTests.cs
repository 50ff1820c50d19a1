using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Nvr.Mqtt.Tests.Support;
using Nvr.Streaming.Events;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Mqtt.Tests;

/// <summary>The embedded MQTTnet broker, with Mosquitto's command-line clients as third-party clients.</summary>
public sealed class EmbeddedBrokerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private sealed class Users : IMqttUserValidator
    {
        public bool Validate(string username, string password) => username == "ha" && password == "secret";
    }

    private static FakeStateSource Front() => new(new MqttCameraInfo("front", "Front door") { Status = CameraState.Online, Reason = "streaming" });

    private static MqttOptions Embedded(int port) => new() { Broker = new MqttBrokerOptions { Port = port } };

    private async Task<(ServiceHost Host, int Port)> StartAsync()
    {
        var port = FreePort.Tcp(IPAddress.Any);
        var host = ServiceHost.Start(Embedded(port), Front(), output, users: new Users());
        await host.WaitConnectedAsync();
        return (host, port);
    }

    [Fact]
    public async Task A_client_with_credentials_connects_and_sees_the_topics()
    {
        var (host, port) = await StartAsync();
        await using (host)
        {
            Assert.NotNull(host.Service.Broker);
            Assert.True(host.Service.Status.EmbeddedBroker);
            await using var sub = await MqttCli.SubscribeAsync("127.0.0.1", port, "#", "ha", "secret");
            await sub.WaitForLineAsync(l => l == "nvr/available online", Deadline, "available");
            await sub.WaitForLineAsync(l => l == "nvr/front/status online", Deadline, "front status");
            await sub.WaitForLineAsync(l => l.StartsWith("homeassistant/binary_sensor/nvr/front_motion/config {", StringComparison.Ordinal), Deadline, "discovery");

            long mark = sub.LineCount;
            host.Bus.Publish(new MotionChanged(DateTimeOffset.UtcNow, "front", true, "api"));
            await sub.WaitForLineAsync(l => l == "nvr/front/motion ON", Deadline, "motion", mark);
        }
    }

    [Fact]
    public async Task Commands_from_a_client_reach_the_handler()
    {
        var port = FreePort.Tcp(IPAddress.Any);
        var commands = new RecordingCommandHandler();
        await using var host = ServiceHost.Start(Embedded(port), Front(), output, commands, users: new Users());
        await host.WaitConnectedAsync();
        await using (var sub = await MqttCli.SubscribeAsync("127.0.0.1", port, "nvr/available", "ha", "secret"))
            await sub.WaitForLineAsync(l => l == "nvr/available online", Deadline, "available");
        var result = await MqttCli.PublishAsync("127.0.0.1", port, "nvr/front/recording/set", "OFF", user: "ha", password: "secret");
        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("front recording OFF", await commands.NextAsync(Deadline));
    }

    [Fact]
    public async Task Loopback_may_connect_anonymously_but_wrong_credentials_are_refused()
    {
        var (host, port) = await StartAsync();
        await using (host)
        {
            var anonymous = await MqttCli.ReceiveOneAsync("127.0.0.1", port, "nvr/available", TimeSpan.FromSeconds(5));
            Assert.True(anonymous.Succeeded, anonymous.StandardError);
            Assert.Equal("online", anonymous.StandardOutput.Trim());

            var wrong = await MqttCli.ReceiveOneAsync("127.0.0.1", port, "nvr/available", TimeSpan.FromSeconds(5), "ha", "guess");
            Assert.False(wrong.Succeeded);
            Assert.Contains("bad user name or password", wrong.StandardError + wrong.StandardOutput, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task From_a_non_loopback_address_credentials_are_required()
    {
        // The decision itself, for any address (the lead repeats this across network namespaces).
        var authorizer = new MqttBrokerAuthorizer(new Users(), allowAnonymousLoopback: true, internalSecret: "x");
        Assert.Equal(MQTTnet.Protocol.MqttConnectReasonCode.NotAuthorized, authorizer.Decide(IPEndPoint.Parse("192.168.1.50:40000"), null, null));
        Assert.Equal(MQTTnet.Protocol.MqttConnectReasonCode.Success, authorizer.Decide(IPEndPoint.Parse("192.168.1.50:40000"), "ha", "secret"));

        // And for real when this host has a non-loopback address: connecting to it makes the
        // broker see that address as the client's.
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        output.WriteLine($"non-loopback address: {address?.ToString() ?? "none"}");
        if (address is null) return;

        var (host, port) = await StartAsync();
        await using (host)
        {
            var anonymous = await MqttCli.ReceiveOneAsync(address.ToString(), port, "nvr/available", TimeSpan.FromSeconds(5));
            Assert.False(anonymous.Succeeded);
            Assert.Contains("not authori", anonymous.StandardError + anonymous.StandardOutput, StringComparison.OrdinalIgnoreCase);

            var authenticated = await MqttCli.ReceiveOneAsync(address.ToString(), port, "nvr/available", TimeSpan.FromSeconds(5), "ha", "secret");
            Assert.True(authenticated.Succeeded, authenticated.StandardError);
            Assert.Equal("online", authenticated.StandardOutput.Trim());
        }
    }

    [Fact]
    public async Task Clean_stop_says_offline_to_connected_clients_before_the_broker_goes_away()
    {
        var (host, port) = await StartAsync();
        await using var sub = await MqttCli.SubscribeAsync("127.0.0.1", port, "nvr/available", "ha", "secret");
        await sub.WaitForLineAsync(l => l == "nvr/available online", Deadline, "online");
        long mark = sub.LineCount;
        await host.DisposeAsync();
        await sub.WaitForLineAsync(l => l == "nvr/available offline", Deadline, "offline", mark);
        await WaitFor.PortClosedAsync("127.0.0.1", port, Deadline);
    }

    [Fact]
    public async Task A_port_in_use_is_a_visible_error_not_a_crash()
    {
        using var squatter = new TcpListener(IPAddress.Any, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var host = ServiceHost.Start(Embedded(port), Front(), output);
        await WaitFor.ConditionAsync(() => host.Service.Status.LastError?.Contains("cannot listen", StringComparison.Ordinal) == true, Deadline, "the bind failure in the status");
        Assert.False(host.Service.Status.Connected);
        Assert.False(host.Run.IsCompleted);

        squatter.Stop(); // the broker retries and comes up
        await host.WaitConnectedAsync(TimeSpan.FromSeconds(30));
    }
}
