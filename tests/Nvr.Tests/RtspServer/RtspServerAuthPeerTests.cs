using Nvr.Rtsp.Server;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Tests.RtspServer;

/// <summary>Digest authentication against ffprobe and GStreamer: none → 401 with a Digest challenge, wrong → 401, right → plays.</summary>
public sealed class RtspServerAuthPeerTests(ITestOutputHelper output)
{
    private const string User = "viewer";
    private const string Password = "p@ss word";

    [Fact]
    public async Task Clients_need_the_right_credentials()
    {
        var users = new RtspUserTable([RtspUser.FromPassword(User, "Nvr", Password)]);
        await using var live = await LiveRtspServer.StartAsync(new FakeCameraOptions { Audio = CameraAudio.None }, users: users);
        var options = new ProbeOptions { Timeout = TimeSpan.FromSeconds(15) };

        var none = ffprobe(live.Url());
        var wrong = ffprobe(live.Url(userInfo: $"{User}:{Uri.EscapeDataString("guess")}"));
        var right = Ffprobe.ProbeAsync(live.Url(userInfo: $"{User}:{Uri.EscapeDataString(Password)}"), options);
        var gst = GstLaunch.RunAsync(
            $"rtspsrc location={live.Url()} user-id={User} user-pw='{Password}' protocols=tcp latency=200 ! rtph264depay ! h264parse ! avdec_h264 ! identity eos-after=15 ! fakesink",
            TimeSpan.FromSeconds(30));
        await Task.WhenAll(none, wrong, right, gst);

        output.WriteLine($"no credentials: {(await none).StandardError.Trim()}");
        output.WriteLine($"wrong password: {(await wrong).StandardError.Trim()}");
        Assert.NotEqual(0, (await none).ExitCode);
        Assert.Contains("401 Unauthorized", (await none).StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await wrong).ExitCode);
        Assert.Contains("401 Unauthorized", (await wrong).StandardError, StringComparison.Ordinal);
        Assert.Equal("h264", Assert.Single((await right).Streams).CodecName);
        Assert.True(GstLaunch.PlayedToEos(await gst), (await gst).ToString());

        var stats = live.Server.GetStatistics();
        Assert.True(stats.AuthFailures >= 1, "the wrong password was not counted");
        Assert.True(stats.SessionsOpened >= 2);

        Task<ProcessResult> ffprobe(string url) => Ffprobe.RunAsync(url, options);
    }
}
