using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// SIGTERM while a viewer plays ends nvr with exit 0 inside systemd's budget (the host allows
/// 4 s); <c>Rtsp:AllowAnonymous</c> serves without credentials.
/// </summary>
public sealed class RtspShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_with_a_playing_viewer_exits_cleanly_and_quickly()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Audio = CameraAudio.None, Width = 320, Height = 240 });
        using var config = new NvrConfig(json =>
        {
            json["Rtsp"]!["AllowAnonymous"] = true;
            json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "cam", ["Url"] = camera.Url(), ["Transport"] = "tcp", ["Record"] = false });
        });
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = config.CreateHttpClient(TimeSpan.FromSeconds(5));
        var url = $"rtsp://127.0.0.1:{config.RtspPort}/cam";
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                return (await http.GetFromJsonAsync<JsonElement>("api/cameras/cam")).GetProperty("state").GetString() == "online";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "camera online");
        await using var viewer = GstLaunchProcess($"rtspsrc location={url} protocols=tcp ! fakesink");
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                var sessions = (await http.GetFromJsonAsync<JsonElement>("api/sessions")).GetProperty("sessions");
                return sessions.EnumerateArray().Any(s => s.GetProperty("state").GetString() == "playing" && s.GetProperty("bytesOut").GetInt64() > 10_000 && !s.TryGetProperty("user", out _));
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "an anonymous viewer playing");

        var clock = Stopwatch.StartNew();
        nvr.Signal(NvrProcess.SIGTERM);
        var code = await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"exit {code} after {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(0, code);
        Assert.Contains("RTSP serves without credentials", nvr.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(nvr.Output.Split('\n'), l => l.Contains(" fail: Nvr.Rtsp", StringComparison.Ordinal) || l.Contains(" fail: Nvr.Serving", StringComparison.Ordinal));
    }

    private static TestProcess GstLaunchProcess(string pipeline) =>
        TestProcess.Start("gst-launch-1.0", ["-q", .. pipeline.Split(' ')]);
}
