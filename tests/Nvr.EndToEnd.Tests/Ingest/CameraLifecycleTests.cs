using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Ingest;

/// <summary>
/// The published nvr against GStreamer cameras that get killed, frozen and misconfigured, observed
/// through <c>GET /api/cameras/{id}</c> the way an operator would.
/// </summary>
public sealed class CameraLifecycleTests(ITestOutputHelper output)
{
    private sealed record Observed(string State, string Reason, long Reconnects, int Width);

    private static async Task<(NvrProcess Nvr, NvrConfig Config, HttpClient Http)> StartNvrAsync(FakeCamera camera, string? user = null, string? password = null, string transport = "tcp")
    {
        var config = new NvrConfig(json =>
        {
            var cam = new JsonObject { ["Id"] = "cam", ["Url"] = camera.Url(withCredentials: false), ["Transport"] = transport };
            if (user is not null)
            {
                cam["Username"] = user;
                cam["Password"] = password;
            }
            json["Cameras"] = new JsonArray(cam);
        });
        var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        var http = config.CreateHttpClient(TimeSpan.FromSeconds(5));
        await NvrHealth.WaitAsync(http, TimeSpan.FromSeconds(20));
        return (nvr, config, http);
    }

    private static async Task<Observed> ObserveAsync(HttpClient http)
    {
        var cam = await http.GetFromJsonAsync<JsonElement>("api/cameras/cam");
        var main = cam.GetProperty("main");
        int width = main.TryGetProperty("video", out var v) ? v.GetProperty("width").GetInt32() : 0;
        return new Observed(main.GetProperty("state").GetString()!, main.GetProperty("reason").GetString()!, main.GetProperty("reconnects").GetInt64(), width);
    }

    /// <summary>Polls every 50 ms until the state is reached; returns how long it took.</summary>
    private static async Task<TimeSpan> WaitForStateAsync(HttpClient http, string state, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Observed last = new("?", "?", 0, 0);
        while (clock.Elapsed < timeout)
        {
            last = await ObserveAsync(http);
            if (last.State == state) return clock.Elapsed;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"state {state} not reached in {timeout}; last {last}");
    }

    [Fact]
    public async Task Killed_and_restarted_camera_is_online_within_2s_of_listening()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240 });
        var (nvr, config, http) = await StartNvrAsync(camera);
        await using (nvr)
        using (config)
        using (http)
        {
            await WaitForStateAsync(http, "online", TimeSpan.FromSeconds(15));
            Assert.Equal(320, (await ObserveAsync(http)).Width);

            camera.Kill();
            await WaitForStateAsync(http, "offline", TimeSpan.FromSeconds(10));
            // Down long enough for several refused retries.
            await WaitFor.ConditionAsync(async () => (await ObserveAsync(http)).Reconnects >= 3, TimeSpan.FromSeconds(10), "refused retries");
            await camera.RestartAsync(); // returns once the camera is listening again
            var elapsed = await WaitForStateAsync(http, "online", TimeSpan.FromSeconds(10));
            output.WriteLine($"online {elapsed.TotalMilliseconds:0} ms after the camera listened again");
            Assert.True(elapsed <= TimeSpan.FromSeconds(2), $"took {elapsed}");
        }
    }

    [Fact]
    public async Task Frozen_camera_goes_offline_within_6s_and_back_online_when_it_resumes()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240 });
        var (nvr, config, http) = await StartNvrAsync(camera);
        await using (nvr)
        using (config)
        using (http)
        {
            await WaitForStateAsync(http, "online", TimeSpan.FromSeconds(15));
            camera.Suspend(); // SIGSTOP: the socket stays open, no media flows
            var elapsed = await WaitForStateAsync(http, "offline", TimeSpan.FromSeconds(8));
            output.WriteLine($"offline {elapsed.TotalMilliseconds:0} ms after SIGSTOP: {(await ObserveAsync(http)).Reason}");
            Assert.True(elapsed <= TimeSpan.FromSeconds(6), $"took {elapsed}");
            camera.Resume();
            var back = await WaitForStateAsync(http, "online", TimeSpan.FromSeconds(30));
            output.WriteLine($"online {back.TotalMilliseconds:0} ms after SIGCONT");
        }
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized_with_the_servers_reason_and_backs_off()
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240, Auth = CameraAuth.Digest, User = "admin", Password = "right" });
        var (nvr, config, http) = await StartNvrAsync(camera, "admin", "wrong");
        await using (nvr)
        using (config)
        using (http)
        {
            await WaitForStateAsync(http, "unauthorized", TimeSpan.FromSeconds(15));
            var clock = Stopwatch.StartNew();
            var first = await ObserveAsync(http);
            Assert.Contains("401", first.Reason, StringComparison.Ordinal);
            // Wrong credentials back off 2 s, 4 s, 8 s ...: in the next 7 s at most 2 more tries,
            // where a fixed 0.5 s retry would make 14.
            while (clock.Elapsed < TimeSpan.FromSeconds(7)) await Task.Delay(250);
            var later = await ObserveAsync(http);
            output.WriteLine($"reason '{first.Reason}', attempts {first.Reconnects} → {later.Reconnects} in 7 s");
            Assert.Equal("unauthorized", later.State);
            Assert.InRange(later.Reconnects - first.Reconnects, 1, 2);
            Assert.DoesNotContain("wrong", later.Reason, StringComparison.Ordinal);
        }
    }
}
