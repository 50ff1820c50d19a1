using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Nvr.Onvif.Discovery;
using Nvr.Onvif.Tests.Simulator;
using Nvr.Testing;

namespace Nvr.Onvif.Tests;

/// <summary>
/// WS-Discovery against the simulator's responder: unicast on loopback, multicast only inside a
/// network namespace the test creates (root needed; a failure to create it fails the test).
/// </summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Unicast_probe_finds_the_simulator_and_its_scopes()
    {
        int port = FreePort.Udp();
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Discovery = true, DiscoveryPort = port });
        var client = new WsDiscoveryClient();

        var found = await client.ProbeUnicastAsync(new IPEndPoint(IPAddress.Loopback, port), new WsDiscoveryOptions { Timeout = TimeSpan.FromSeconds(5) });

        var device = Assert.Single(found);
        Assert.Equal("urn:uuid:5e1f0c7a-0b5e-4d8e-9a51-000000000001", device.EndpointReference);
        Assert.Equal([sim.DeviceServiceUri], device.XAddrs);
        Assert.Equal(sim.DeviceServiceUri, device.DeviceServiceAddress);
        Assert.Equal("Sim Camera", device.Name);
        Assert.Equal("SIM-IPC-2MP", device.Hardware);
        Assert.Equal("test/lab", device.Location);
        Assert.Equal(["dn:NetworkVideoTransmitter", "tds:Device"], device.Types);
        Assert.Equal(IPAddress.Loopback, device.RemoteAddress);
    }

    [Fact]
    public async Task Unicast_probe_of_a_silent_host_returns_nothing_at_the_timeout()
    {
        int port = FreePort.Udp();
        var found = await new WsDiscoveryClient().ProbeUnicastAsync(new IPEndPoint(IPAddress.Loopback, port), new WsDiscoveryOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        Assert.Empty(found);
    }

    [Fact]
    public async Task Multicast_discovery_inside_a_namespace_finds_the_simulator_and_probing_it_yields_streams()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions
        {
            Namespace = ns,
            BindAddress = ns.DeviceAddress,
            Port = 8080,
            Discovery = true,
            MainStreamUri = new Uri($"rtsp://{ns.DeviceAddress}:554/main"),
            SubStreamUri = new Uri($"rtsp://{ns.DeviceAddress}:554/sub"),
        });
        var options = new WsDiscoveryOptions
        {
            Timeout = TimeSpan.FromSeconds(2),
            LocalAddress = ns.PeerAddress,
            SocketFactory = () => ns.CreateSocket(SocketType.Dgram, ProtocolType.Udp, s => s.Bind(new IPEndPoint(ns.PeerAddress, 0))),
        };

        var found = await new WsDiscoveryClient().ProbeAsync(options);

        var device = Assert.Single(found);
        Assert.Equal(new Uri($"http://{ns.DeviceAddress}:8080/onvif/device_service"), device.DeviceServiceAddress);
        Assert.Equal("Sim Camera", device.Name);

        // And the address found is usable: probe it over HTTP inside the namespace.
        using var http = NamespaceHttpClient(ns);
        var result = await OnvifCameraProbe.ProbeAsync(http, device.DeviceServiceAddress!.ToString(), "admin", "Sim-Pass-1");
        Assert.Equal(new Uri($"rtsp://{ns.DeviceAddress}:554/main"), result.MainStreamUri);
        Assert.Equal(new Uri($"rtsp://{ns.DeviceAddress}:554/sub"), result.SubStreamUri);
    }

    [Fact]
    public async Task Multicast_discovery_in_an_empty_namespace_finds_nothing()
    {
        // Control: the namespace test above finds the device because it answers, not by accident.
        await using var ns = await NetworkNamespace.CreateAsync();
        var options = new WsDiscoveryOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            LocalAddress = ns.PeerAddress,
            SocketFactory = () => ns.CreateSocket(SocketType.Dgram, ProtocolType.Udp, s => s.Bind(new IPEndPoint(ns.PeerAddress, 0))),
        };
        Assert.Empty(await new WsDiscoveryClient().ProbeAsync(options));
    }

    /// <summary>An HttpClient whose connections are made from inside <paramref name="ns"/>.</summary>
    internal static HttpClient NamespaceHttpClient(NetworkNamespace ns) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = ns.CreateSocket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
