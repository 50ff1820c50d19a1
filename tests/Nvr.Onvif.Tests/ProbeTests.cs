using System.Net.Http;
using Nvr.Onvif.Tests.Simulator;

namespace Nvr.Onvif.Tests;

/// <summary>OnvifCameraProbe against the simulator: the one call the lead uses to add a camera.</summary>
public sealed class ProbeTests
{
    private static readonly Uri Main = new("rtsp://127.0.0.1:8554/cam/main");
    private static readonly Uri Sub = new("rtsp://127.0.0.1:8554/cam/sub");

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Probe_yields_main_and_sub_stream_uris_device_info_and_capabilities(bool media2, bool soap11Only)
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions
        {
            MainStreamUri = Main,
            SubStreamUri = Sub,
            Media2 = media2,
            Soap11Only = soap11Only,
        });
        using var http = new HttpClient();

        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");

        Assert.Equal(Main, result.MainStreamUri);
        Assert.Equal(Sub, result.SubStreamUri);
        Assert.Equal("Profile_1", result.MainProfile.Token);
        Assert.Equal(1920, result.MainProfile.Width);
        Assert.Equal("Profile_2", result.SubProfile!.Token);
        Assert.Equal(360, result.SubProfile.Height);
        Assert.Equal(media2, result.MainProfile.IsMedia2);
        Assert.Equal(new Uri($"http://{sim.HostPort}/onvif/snapshot.jpg?profile=Profile_1"), result.SnapshotUri);
        Assert.Equal(new OnvifDeviceInfo("NvrSim", "SIM-IPC-2MP", "V1.2.3 build 240101", "SIM0001234567", "SIM-HW-88"), result.DeviceInfo);
        Assert.True(result.HasEvents);
        Assert.True(result.HasPtz);
        Assert.Equal(media2, result.Capabilities.HasMedia2);
        Assert.False(result.ClockSkewExceedsThreshold);
        Assert.Equal(sim.DeviceServiceUri, result.DeviceServiceAddress);

        var requests = sim.Requests;
        Assert.Contains(requests, r => r.Operation == (media2 ? "Media2.GetStreamUri" : "GetStreamUri") && r.Authorized);
        Assert.All(requests.Where(r => r.Operation != "(VersionMismatch)"), r => Assert.Equal(soap11Only ? "1.1" : "1.2", r.SoapVersion));
        if (soap11Only) Assert.Single(requests, r => r.Operation == "(VersionMismatch)");
    }

    [Fact]
    public async Task Probe_without_ptz_reports_no_ptz()
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Ptz = false });
        using var http = new HttpClient();
        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");
        Assert.False(result.HasPtz);
        Assert.Null(result.Capabilities.PtzAddress);
        Assert.False(result.MainProfile.HasPtz);
    }

    [Fact]
    public async Task Wrong_addresses_reported_by_the_device_are_rewritten_to_the_host_used()
    {
        // The device reports 127.0.0.2:1 (as a NATed camera reports its LAN address); nothing
        // listens there, so any request that used it would fail.
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { ReportedHost = "127.0.0.2", ReportedPort = 1 });
        using var http = new HttpClient();

        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");

        Assert.Equal(new Uri($"http://{sim.HostPort}/onvif/Media"), result.Capabilities.MediaAddress);
        Assert.Equal(new Uri($"http://{sim.HostPort}/onvif/Events"), result.Capabilities.EventsAddress);
        Assert.Equal(new Uri($"http://{sim.HostPort}/onvif/snapshot.jpg?profile=Profile_1"), result.SnapshotUri);
        Assert.All(sim.Requests, r => Assert.True(r.Authorized));
    }

    [Fact]
    public async Task Credentials_embedded_by_the_device_are_removed_from_returned_uris()
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { EmbedCredentialsInStreamUris = true, MainStreamUri = Main, SubStreamUri = Sub });
        using var http = new HttpClient();

        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");

        Assert.Equal(Main, result.MainStreamUri);
        Assert.Equal(Sub, result.SubStreamUri);
        Assert.DoesNotContain("Sim-Pass-1", result.MainStreamUri.OriginalString, StringComparison.Ordinal);
        Assert.Empty(result.MainStreamUri.UserInfo);
    }

    [Theory]
    [InlineData(SimulatorAuthMode.UsernameToken)]
    [InlineData(SimulatorAuthMode.HttpDigest)]
    [InlineData(SimulatorAuthMode.Either)]
    [InlineData(SimulatorAuthMode.None)]
    public async Task Right_password_authenticates_in_every_mode(SimulatorAuthMode mode)
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Auth = mode, MainStreamUri = Main });
        using var http = new HttpClient();

        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");

        Assert.Equal(Main, result.MainStreamUri);
        var last = sim.Requests[^1];
        Assert.True(last.Authorized);
        if (mode == SimulatorAuthMode.HttpDigest) Assert.True(last.HadDigest);
        if (mode == SimulatorAuthMode.UsernameToken) Assert.True(last.HadUsernameToken);
    }

    [Theory]
    [InlineData(SimulatorAuthMode.UsernameToken)]
    [InlineData(SimulatorAuthMode.HttpDigest)]
    [InlineData(SimulatorAuthMode.Either)]
    public async Task Wrong_password_is_a_typed_error_naming_the_onvif_fault(SimulatorAuthMode mode)
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { Auth = mode });
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<OnvifFaultException>(() => OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "wrong"));

        Assert.Equal("ter:NotAuthorized", e.Subcode);
        Assert.True(e.IsNotAuthorized);
        Assert.Equal("Sender not Authorized", e.Reason);
        Assert.Equal("GetDeviceInformation", e.Action);
        Assert.Contains("ter:NotAuthorized", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(-3600)]
    public async Task A_device_clock_an_hour_off_still_authenticates_and_the_skew_is_reported(int skewSeconds)
    {
        var skew = TimeSpan.FromSeconds(skewSeconds);
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { ClockSkew = skew, TokenWindow = TimeSpan.FromSeconds(5) });
        using var http = new HttpClient();

        var result = await OnvifCameraProbe.ProbeAsync(http, sim.HostPort, "admin", "Sim-Pass-1");

        Assert.InRange(result.ClockSkew, skew - TimeSpan.FromSeconds(2), skew + TimeSpan.FromSeconds(2));
        Assert.True(result.ClockSkewExceedsThreshold);
        Assert.All(sim.Requests, r => Assert.True(r.Authorized, r.AuthFailure));
        Assert.Contains(sim.Requests, r => r.Operation.EndsWith("GetProfiles", StringComparison.Ordinal) && r.HadUsernameToken);
    }

    [Fact]
    public async Task A_stale_clock_offset_is_refused_and_remeasuring_fixes_it()
    {
        // The negative control of the skew test: the offset measured at skew 0 no longer matches
        // once the device clock jumps an hour, so the same client's token is refused until it
        // measures again.
        await using var sim = await OnvifSimulator.StartAsync();
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        await device.GetDeviceInformationAsync();
        Assert.Equal(TimeSpan.Zero, device.Clock!.Skew);

        sim.ClockSkew = TimeSpan.FromHours(1);
        var e = await Assert.ThrowsAsync<OnvifFaultException>(() => device.GetDeviceInformationAsync());
        Assert.True(e.IsNotAuthorized);
        Assert.Contains(sim.Requests, r => r.AuthFailure?.Contains("outside", StringComparison.Ordinal) == true);

        var clock = await device.GetSystemDateAndTimeAsync();
        Assert.InRange(clock.Skew, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal("SIM0001234567", (await device.GetDeviceInformationAsync()).SerialNumber);
    }

    [Fact]
    public async Task Unreachable_device_is_a_transport_error()
    {
        int port = Nvr.Testing.FreePort.Tcp();
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<OnvifTransportException>(() => OnvifCameraProbe.ProbeAsync(http, $"127.0.0.1:{port}", "admin", "x"));
        Assert.Null(e.StatusCode);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/onvif/device_service"), e.Endpoint);
    }
}
