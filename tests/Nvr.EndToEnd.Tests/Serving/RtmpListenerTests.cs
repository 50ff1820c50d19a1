using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>The RTMP listener's lifecycle in the published binary: a busy port, and SIGTERM with live sessions.</summary>
public sealed class RtmpListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_busy_rtmp_port_stops_start_up_with_one_line_naming_the_key()
    {
        using var config = new NvrConfig();
        using var squatter = new TcpListener(IPAddress.Loopback, config.RtmpPort);
        squatter.Start();
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        Assert.Equal(1, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var line = Assert.Single(nvr.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("nvr: ", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("Rtmp:Port", line, StringComparison.Ordinal);
        // (The generic host also logs "Hosting failed to start" with the exception, as for Http:Port.)
    }

    [Fact]
    public async Task Sigterm_with_a_publisher_and_players_connected_exits_cleanly_within_the_budget()
    {
        const string key = "shutdown-key-0123456789";
        var clip = await ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Aac, 320, 240, 15, 15, 4);
        using var config = new NvrConfig(json =>
        {
            json["Rtmp"]!["AllowAnonymousPlay"] = true;
            json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "pub", ["StreamKey"] = key, ["Record"] = false });
        });
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        await WaitFor.PortAsync("127.0.0.1", config.RtmpPort, TimeSpan.FromSeconds(20));
        var rtmp = $"rtmp://127.0.0.1:{config.RtmpPort}/live/pub";
        await using var encoder = TestProcess.Start("ffmpeg", ["-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip, "-t", "60", "-c", "copy", "-f", "flv", $"{rtmp}?key={key}"]);
        using var http = config.CreateHttpClient(TimeSpan.FromSeconds(10));
        await WaitFor.ConditionAsync(async () => (await http.GetStringAsync("api/cameras/pub")).Contains("\"online\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "pub online");
        var players = Enumerable.Range(0, 3).Select(_ => TestProcess.Start("ffmpeg", ["-nostdin", "-v", "error", "-i", rtmp, "-c", "copy", "-f", "null", "-"])).ToList();
        using var flv = await http.GetAsync($"live/pub.flv", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await flv.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[4096]) > 0);
        await Task.Delay(TimeSpan.FromSeconds(2)); // players past their handshake, media flowing

        var clock = Stopwatch.StartNew();
        nvr.Signal(NvrProcess.SIGTERM);
        var code = await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"exit {code} after {clock.Elapsed.TotalSeconds:0.00} s");
        foreach (var p in players) await p.DisposeAsync();
        Assert.Equal(0, code);
        // The host's 4 s ShutdownTimeout bounds StopAsync; a session that ignored cancellation would
        // show as the host's "stop timed out" warning instead of a clean stop.
        Assert.DoesNotContain("timed out", nvr.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key, nvr.Output, StringComparison.Ordinal);
    }
}
