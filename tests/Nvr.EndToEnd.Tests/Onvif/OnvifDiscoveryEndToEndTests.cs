using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Onvif.Tests.Simulator;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Onvif;

/// <summary>
/// WS-Discovery multicast through the API: nvr runs inside a network namespace the test creates
/// (<c>ip netns exec</c>), the simulator's device and discovery responder bind inside the same
/// namespace, so the multicast probe never leaves it. The test reaches nvr's API with sockets
/// created inside the namespace.
/// </summary>
public sealed class OnvifDiscoveryEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Multicast_discovery_inside_a_namespace_finds_the_simulator()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Namespace = ns, BindAddress = ns.DeviceAddress, Discovery = true });
        using var config = new NvrConfig();
        var (file, args) = NetworkNamespacePair.Exec(ns.Name, NvrBinary.PathFor(NvrBinary.HostRid), "--config", config.Path);
        await using var nvr = TestProcess.Start(file, args, new TestProcessOptions { Name = "nvr" });
        await nvr.WaitForLineContainingAsync("nvr is ready", TimeSpan.FromSeconds(30));

        using var http = NvrHttp.Create(config, new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = ns.CreateSocket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
        int answeredBefore = SimulatorDiscoveryResponder.ProbesAnswered;
        var found = await http.GetFromJsonAsync<JsonElement>("api/onvif/discover?timeout=2");
        output.WriteLine(found.GetRawText());
        var d = Assert.Single(found.EnumerateArray(), e => e.GetProperty("endpointReference").GetString() == sim.Options.EndpointReference);
        Assert.Equal(sim.DeviceServiceUri.ToString(), d.GetProperty("deviceServiceUrl").GetString());
        Assert.Equal((sim.Options.Name, sim.Options.Model), (d.GetProperty("name").GetString(), d.GetProperty("hardware").GetString()));
        Assert.True(SimulatorDiscoveryResponder.ProbesAnswered > answeredBefore);
    }
}
