using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// Start-up of the RTSP server in the published nvr: a port that cannot be bound stops nvr with one
/// line naming <c>Rtsp:Port</c>; with no users (and anonymous access off) every request is refused
/// and nvr says so once.
/// </summary>
public sealed class RtspStartupTests
{
    [Fact]
    public async Task Without_users_every_request_gets_401_and_the_log_says_why()
    {
        using var config = new NvrConfig(json => json.Remove("Users"));
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = new HttpClient { BaseAddress = config.HttpBase, Timeout = TimeSpan.FromSeconds(5) }; // /healthz needs no login
        await NvrHealth.WaitAsync(http, TimeSpan.FromSeconds(20));

        using var client = await RawRtspClient.ConnectAsync(config.RtspPort);
        var url = $"rtsp://127.0.0.1:{config.RtspPort}/any";
        Assert.Equal(401, (await client.RequestAsync("DESCRIBE", url)).Status);
        Assert.Equal(401, (await client.DescribeWithDigestAsync(url, "admin", "admin-password")).Status);
        Assert.Equal(200, (await client.RequestAsync("OPTIONS", url)).Status);
        Assert.Single(nvr.Output.Split('\n'), l => l.Contains("RTSP has no users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_taken_rtsp_port_fails_start_up_with_one_line_naming_the_key()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var config = new NvrConfig(json => json["Rtsp"] = new JsonObject { ["Port"] = port, ["Address"] = "127.0.0.1" });
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);

        Assert.Equal(1, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        // The one line for the operator (stderr); the host's own "Hosting failed to start" log entry
        // (with the stack) also goes to the log, as it does for Http:Port.
        var line = Assert.Single(nvr.Output.Split('\n'), l => l.StartsWith("nvr: ", StringComparison.Ordinal));
        Assert.StartsWith($"nvr: Rtsp:Port: cannot listen on 127.0.0.1:{port}: ", line.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", nvr.Output, StringComparison.Ordinal);
    }
}
