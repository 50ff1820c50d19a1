using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>ffprobe of a fake camera, failing with both ffprobe's and the camera's output.</summary>
internal static class Probe
{
    internal static async Task<ProbeResult> CameraAsync(FakeCamera camera, string? mount = null, ClientTransport transport = ClientTransport.Tcp)
    {
        var url = camera.Url(mount);
        var result = await Ffprobe.RunAsync(url, new ProbeOptions { Transport = transport });
        Assert.True(result.Succeeded, $"ffprobe {url} failed: {result}\n{camera}");
        return ProbeResult.Parse(result.StandardOutput);
    }

    internal static Action<OutputLine> To(ITestOutputHelper output) => line => output.WriteLine(line.ToString());
}
