using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>An RTSP port that cannot be bound stops nvr at start with one line naming <c>Rtsp:Port</c>.</summary>
public sealed class RtspPortInUseTests
{
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
