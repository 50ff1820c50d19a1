using System.Net.Http;
using Nvr.Onvif.Tests.Simulator;

namespace Nvr.Onvif.Tests;

/// <summary>PTZ calls reach the simulated device with the right vectors and tokens.</summary>
public sealed class PtzTests
{
    [Theory]
    [InlineData(SimulatorAuthMode.UsernameToken)]
    [InlineData(SimulatorAuthMode.HttpDigest)]
    public async Task Ptz_calls_carry_the_vectors_and_tokens(SimulatorAuthMode auth)
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Auth = auth });
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));

        await device.ContinuousMoveAsync("Profile_1", new PtzVector(0.25f, -0.5f, 0.125f), TimeSpan.FromSeconds(1.5));
        await device.ContinuousMoveAsync("Profile_2", new PtzVector(null, null, -1f));
        await device.StopAsync("Profile_1", panTilt: true, zoom: false);
        var presets = await device.GetPresetsAsync("Profile_1");
        await device.GotoPresetAsync("Profile_1", "2", new PtzVector(1f, 1f, null));
        var created = await device.SetPresetAsync("Profile_1", "Driveway");
        var overwritten = await device.SetPresetAsync("Profile_1", "Home again", "1");

        var calls = sim.PtzCalls;
        Assert.Equal(
            [
                new SimulatorPtzCall("ContinuousMove", "Profile_1", 0.25f, -0.5f, 0.125f, null, null, "PT1.5S"),
                new SimulatorPtzCall("ContinuousMove", "Profile_2", null, null, -1f, null, null, null),
                new SimulatorPtzCall("Stop", "Profile_1", null, null, null, null, null, null, "true", "false"),
                new SimulatorPtzCall("GotoPreset", "Profile_1", 1f, 1f, null, "2", null, null),
                new SimulatorPtzCall("SetPreset", "Profile_1", null, null, null, "3", "Driveway", null),
                new SimulatorPtzCall("SetPreset", "Profile_1", null, null, null, "1", "Home again", null),
            ],
            calls);
        Assert.Equal(["1", "2"], presets.Select(p => p.Token));
        Assert.Equal(["Home", "Gate"], presets.Select(p => p.Name));
        Assert.Equal(new PtzVector(0.1f, -0.2f, 0.3f), presets[0].Position);
        Assert.Equal("3", created);
        Assert.Equal("1", overwritten);
        Assert.Equal("Driveway", sim.Presets["3"]);
    }

    [Fact]
    public async Task Unknown_preset_is_a_fault_with_the_device_reason()
    {
        await using var sim = await OnvifSimulator.StartAsync();
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var e = await Assert.ThrowsAsync<OnvifFaultException>(() => device.GotoPresetAsync("Profile_1", "99"));
        Assert.Equal("ter:InvalidArgVal", e.Subcode);
        Assert.Equal("env:Sender", e.Code);
        Assert.Equal("no preset '99'", e.Reason);
        Assert.False(e.IsNotAuthorized);
    }

    [Fact]
    public async Task Ptz_on_a_device_without_ptz_says_so()
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Ptz = false });
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var e = await Assert.ThrowsAsync<OnvifException>(() => device.StopAsync("Profile_1"));
        Assert.Contains("no PTZ service", e.Message, StringComparison.Ordinal);
        Assert.Empty(sim.PtzCalls);
    }
}
