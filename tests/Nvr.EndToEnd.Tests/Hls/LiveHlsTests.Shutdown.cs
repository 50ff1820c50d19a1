using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Hls.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Hls;

public sealed partial class LiveHlsTests
{
    /// <summary>
    /// SIGTERM while a muxer runs and a blocking reload is held: the HLS hosted service stops the
    /// muxer and answers the held request, and nvr exits 0 within the 5 s budget of systemd's
    /// stop (the host's shutdown timeout is 4 s).
    /// </summary>
    [Fact]
    public async Task Sigterm_with_a_held_blocking_reload_exits_cleanly_within_the_budget()
    {
        using var config = new NvrConfig(json => json["Cameras"] = new JsonArray(
            new JsonObject { ["Id"] = "avc", ["Url"] = nvr.AvcCameraUrl, ["Transport"] = "tcp", ["Record"] = false }));
        await using var process = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var http = config.CreateHttpClient(TimeSpan.FromSeconds(15));
        M3u8.MediaPlaylist? playlist = null;
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                using var r = await http.GetAsync("live/avc/fmp4.m3u8");
                if (r.StatusCode != HttpStatusCode.OK) return false;
                playlist = M3u8.ParseMedia(await r.Content.ReadAsStringAsync());
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "a first LL-HLS playlist from the second nvr");

        // Two segments ahead: held for about two seconds, longer than the time to the signal.
        var held = http.GetAsync($"live/avc/fmp4.m3u8?_HLS_msn={playlist!.Segments[^1].Msn + 2}");
        await Task.Delay(200);
        Assert.False(held.IsCompleted, "the blocking reload was answered at once");
        var stopping = Stopwatch.StartNew();
        process.Signal(NvrProcess.SIGTERM);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(5));
        output.WriteLine($"exit {exit} {stopping.ElapsedMilliseconds} ms after SIGTERM; held request: {await Describe(held)}");
        Assert.True(exit == 0, $"exit code {exit}\n{process.Output}");
    }

    private static async Task<string> Describe(Task<HttpResponseMessage> request)
    {
        try
        {
            using var r = await request;
            return $"{(int)r.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.GetType().Name;
        }
    }
}
