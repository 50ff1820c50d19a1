using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>Kill, restart on the same port, suspend, stop: the faults reconnect tests inject.</summary>
public sealed class FakeCameraLifecycleTests(ITestOutputHelper output)
{
    private static readonly FakeCameraOptions Small = new() { Width = 320, Height = 240, Audio = CameraAudio.None };

    [Fact]
    public async Task Restart_after_kill_serves_again_on_the_same_port()
    {
        await using var camera = await FakeCamera.StartAsync(Small with { Log = Probe.To(output) });
        int port = camera.Port;
        await Probe.CameraAsync(camera);

        camera.Kill();
        await camera.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var whileDown = await Ffprobe.RunAsync(camera.Url());
        await camera.RestartAsync();
        var afterRestart = await Probe.CameraAsync(camera);

        Assert.False(whileDown.Succeeded, $"a killed camera must not answer: {whileDown}");
        Assert.Equal(port, camera.Port);
        Assert.True(await WaitFor.IsPortOpenAsync("127.0.0.1", port));
        Assert.Equal("h264", afterRestart.Video?.CodecName);
    }

    [Fact]
    public async Task A_suspended_camera_accepts_but_does_not_answer_until_resumed()
    {
        await using var camera = await FakeCamera.StartAsync(Small with { Log = Probe.To(output) });

        camera.Suspend();
        var whileSuspended = await Ffprobe.RunAsync(camera.Url(), new ProbeOptions { IoTimeout = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(10) });
        camera.Resume();
        var afterResume = await Probe.CameraAsync(camera);

        Assert.False(whileSuspended.Succeeded, $"a frozen camera must not answer: {whileSuspended}");
        Assert.False(whileSuspended.TimedOut, "the I/O timeout, not the process deadline, must end ffprobe");
        Assert.Equal("h264", afterResume.Video?.CodecName);
    }

    [Fact]
    public async Task Stop_exits_cleanly_on_sigterm_and_frees_the_port()
    {
        await using var camera = await FakeCamera.StartAsync(Small with { Log = Probe.To(output) });

        await camera.StopAsync();

        Assert.Equal(0, camera.Process.ExitCode);
        Assert.False(camera.IsRunning);
        Assert.False(await WaitFor.IsPortOpenAsync("127.0.0.1", camera.Port), $"port {camera.Port} still open\n{camera}");
    }
}
