using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>RTSP authentication of the fake camera, as ffprobe sees it.</summary>
public sealed class FakeCameraAuthTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CameraAuth.Basic)]
    [InlineData(CameraAuth.Digest)]
    public async Task Only_the_right_credentials_open_the_stream(CameraAuth auth)
    {
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Auth = auth, User = "cam viewer", Password = "p@ss word", Width = 320, Height = 240, Audio = CameraAudio.None, Log = Probe.To(output),
        });

        var anonymous = await Ffprobe.RunAsync(camera.Url(withCredentials: false));
        var wrong = await Ffprobe.RunAsync(camera.Url(null, "cam viewer", "wrong"));
        var right = await Probe.CameraAsync(camera);

        Assert.False(anonymous.Succeeded, $"no credentials must fail: {anonymous}");
        Assert.Contains("401", anonymous.StandardError, StringComparison.Ordinal);
        Assert.False(wrong.Succeeded, $"a wrong password must fail: {wrong}");
        Assert.Contains("401", wrong.StandardError, StringComparison.Ordinal);
        Assert.Equal("h264", right.Video?.CodecName);
        Assert.Contains("cam%20viewer:p%40ss%20word@", camera.Url(), StringComparison.Ordinal);
    }
}
