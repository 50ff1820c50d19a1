using Nvr.Onvif.Tests.Simulator;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Onvif.Tests;

/// <summary>
/// Cross-checks of the simulator with clients we did not write: Debian's onvif-tools
/// (<c>onvif-util</c>, libonvif) and the npm <c>onvif</c> package. If the simulator drifted from
/// what real clients accept, these fail.
/// </summary>
public sealed class ThirdPartyClientTests(ITestOutputHelper output)
{
    private const string OnvifUtil = "/usr/bin/onvif-util";

    private static void RequireOnvifUtil()
    {
        if (!File.Exists(OnvifUtil))
        {
            throw new InvalidOperationException($"{OnvifUtil} is missing: install Debian's onvif-tools (make setup installs it)");
        }
    }

    [Fact]
    public async Task Onvif_util_discovers_the_simulator_inside_a_namespace()
    {
        // onvif-util always sends a multicast probe on every interface: only ever run it inside
        // a namespace made here.
        RequireOnvifUtil();
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Namespace = ns, BindAddress = ns.DeviceAddress, Port = 8080, Discovery = true });

        var result = await ProcessRunner.RunAsync("ip", ns.Exec(OnvifUtil, "-a"), TimeSpan.FromSeconds(60));
        output.WriteLine(result.ToString());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("Found 1 cameras", result.StandardOutput, StringComparison.Ordinal);
        // libonvif names a camera "<name scope> <hardware scope>".
        Assert.Contains($"{ns.DeviceAddress} (Sim Camera SIM-IPC-2MP)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onvif_util_logs_in_with_a_digest_token_against_a_skewed_clock_and_reads_the_rtsp_uri()
    {
        RequireOnvifUtil();
        await using var ns = await NetworkNamespace.CreateAsync();
        var main = new Uri($"rtsp://{ns.DeviceAddress}:8554/fixture/main");
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions
        {
            Namespace = ns,
            BindAddress = ns.DeviceAddress,
            Port = 8080,
            Discovery = true,
            MainStreamUri = main,
            ClockSkew = TimeSpan.FromMinutes(-30),
        });

        await using var util = TestProcess.Start("ip", ns.Exec(OnvifUtil, "-u", "admin", "-p", "Sim-Pass-1", ns.DeviceAddress.ToString()), new TestProcessOptions
        {
            RedirectStandardInput = true,
            Log = line => output.WriteLine(line.ToString()),
        });
        await util.WaitForLineContainingAsync("successfully connected to host", TimeSpan.FromSeconds(60));
        await util.StandardInput.WriteLineAsync("get rtsp");
        await util.StandardInput.FlushAsync();
        var line = await util.WaitForLineContainingAsync(main.AbsoluteUri, TimeSpan.FromSeconds(30));
        Assert.Contains(main.AbsoluteUri, line, StringComparison.Ordinal);
        await util.StandardInput.WriteLineAsync("quit");
        await util.StandardInput.FlushAsync();
        Assert.Equal(0, await util.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        // Device clock 30 min behind and a ±5 s token window: libonvif's tokens pass because it
        // uses the device time, as ours do. (Its GetHostname goes out before it sets the user,
        // and is refused; it ignores that.)
        foreach (var op in new[] { "GetDeviceInformation", "GetCapabilities", "GetProfiles", "GetStreamUri" })
        {
            Assert.Contains(sim.Requests, r => r.Operation == op && r.Authorized && r.HadUsernameToken);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Npm_onvif_client_connects_reads_uris_moves_and_receives_motion_events(bool media2)
    {
        var modules = Path.Combine(TestPaths.RepoRoot, "tests", "web", "node_modules");
        if (!File.Exists(Path.Combine(modules, "onvif", "package.json")))
        {
            throw new InvalidOperationException($"npm package 'onvif' is missing in {modules}: run 'make setup' (npm ci in tests/web)");
        }

        var main = new Uri("rtsp://127.0.0.1:8554/npm/main");
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Media2 = media2, MainStreamUri = main });
        var script = Path.Combine(AppContext.BaseDirectory, "fixtures", "onvif-npm-client.js");
        await using var node = TestProcess.Start("node", [script, modules, "127.0.0.1", sim.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "admin", "Sim-Pass-1"], new TestProcessOptions
        {
            Log = line => output.WriteLine(line.ToString()),
        });
        var timeout = TimeSpan.FromSeconds(30);

        var connected = await node.WaitForLineAsync(l => l.Contains("\"step\":\"connect\"", StringComparison.Ordinal) || l.Contains("\"error\"", StringComparison.Ordinal), timeout, "connect");
        Assert.Contains($"\"media2\":{(media2 ? "true" : "false")}", connected, StringComparison.Ordinal);
        Assert.Contains("\"profile\":\"Profile_1\"", connected, StringComparison.Ordinal);
        Assert.Contains("\"serialNumber\":\"SIM0001234567\"", await node.WaitForLineContainingAsync("\"step\":\"info\"", timeout), StringComparison.Ordinal);
        Assert.Contains(main.AbsoluteUri, await node.WaitForLineContainingAsync("\"step\":\"stream\"", timeout), StringComparison.Ordinal);
        Assert.Contains("/onvif/snapshot.jpg?profile=Profile_1", await node.WaitForLineContainingAsync("\"step\":\"snapshot\"", timeout), StringComparison.Ordinal);
        await node.WaitForLineContainingAsync("\"step\":\"listening\"", timeout);
        Assert.Equal(
            [
                new SimulatorPtzCall("ContinuousMove", "Profile_1", 0.5f, -0.25f, 0.75f, null, null, null),
                new SimulatorPtzCall("Stop", "Profile_1", null, null, null, null, null, null, "true", "true"),
                new SimulatorPtzCall("GotoPreset", "Profile_1", null, null, null, "2", null, null),
            ],
            sim.PtzCalls);

        await WaitFor.ConditionAsync(() => sim.PendingPulls > 0, timeout, "the npm client's PullMessages");
        sim.SetMotion(true);
        var motion = await node.WaitForLineAsync(
            l => l.Contains("\"step\":\"event\"", StringComparison.Ordinal) && l.Contains("\"Value\":true", StringComparison.Ordinal),
            timeout,
            "a motion event with IsMotion true");
        Assert.Contains("tns1:RuleEngine/CellMotionDetector/Motion", motion, StringComparison.Ordinal);
        Assert.All(sim.Requests.Where(r => r.Operation != "GetSystemDateAndTime"), r => Assert.True(r.Authorized, r.Operation + ": " + r.AuthFailure));
    }
}
