using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// RTSP multicast from the published nvr to a viewer on another host: nvr and its camera in one
/// network namespace this test creates, ffprobe and gst-launch in the other. Groups and ports come
/// from <c>Rtsp:Multicast</c>. No multicast leaves the namespaces.
/// </summary>
public sealed class RtspMulticastServeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_viewer_in_another_namespace_plays_the_camera_over_multicast()
    {
        await using var hosts = await NetworkNamespacePair.CreateAsync();
        var (camFile, camArgs) = NetworkNamespacePair.Exec(hosts.NameA, TestPaths.Python, TestPaths.Fixture("fake_camera.py"),
            "--port", "8554", "--address", "127.0.0.1", "--width", "320", "--height", "240", "--audio", "none", "--mounts", "/cam");
        await using var camera = TestProcess.Start(camFile, camArgs, new TestProcessOptions { Name = "camera" });
        await camera.WaitForLineContainingAsync("LISTENING", TimeSpan.FromSeconds(20));

        using var config = new NvrConfig(json =>
        {
            json["Rtsp"] = new JsonObject
            {
                ["Port"] = 9554, ["Address"] = hosts.AddressA, ["AllowAnonymous"] = true,
                ["Multicast"] = new JsonObject { ["Range"] = "239.255.77.0/28", ["PortStart"] = 19000, ["PortEnd"] = 19099, ["Ttl"] = 1 },
            };
            json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "cam", ["Url"] = "rtsp://127.0.0.1:8554/cam", ["Transport"] = "tcp", ["Record"] = false });
        });
        var (nvrFile, nvrArgs) = NetworkNamespacePair.Exec(hosts.NameA, NvrBinary.PathFor(NvrBinary.HostRid), "--config", config.Path);
        await using var nvr = TestProcess.Start(nvrFile, nvrArgs, new TestProcessOptions { Name = "nvr" });
        await nvr.WaitForLineContainingAsync("nvr is ready", TimeSpan.FromSeconds(20));

        var url = $"rtsp://{hosts.AddressA}:9554/cam";
        ProcessResult probe = default!;
        // The camera may still be connecting: DESCRIBE waits up to 5 s, then 404; try again until the deadline.
        await WaitFor.ConditionAsync(async () =>
        {
            probe = await ProcessRunner.RunAsync("ip", ["netns", "exec", hosts.NameB, "ffprobe", "-v", "trace", "-rtsp_transport", "udp_multicast",
                "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url], TimeSpan.FromSeconds(20));
            return probe.ExitCode == 0;
        }, TimeSpan.FromSeconds(40), "ffprobe over multicast");
        output.WriteLine(probe.StandardOutput);
        output.WriteLine(string.Join("\n", probe.StandardError.Split('\n').Where(l => l.Contains("multicast", StringComparison.Ordinal)).Take(5)));
        Assert.Equal("h264,320,240", probe.StandardOutput.Trim());
        // The SETUP reply (FFmpeg traces every response line) hands out a group from Rtsp:Multicast.
        Assert.Matches(@"Transport: RTP/AVP;multicast;destination=239\.255\.77\.\d+;ttl=1;port=190\d\d-190\d\d", probe.StandardError);

        var gst = await ProcessRunner.RunAsync("ip", ["netns", "exec", hosts.NameB, "gst-launch-1.0", "-q", "rtspsrc", $"location={url}", "protocols=udp-mcast",
            "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "identity", "eos-after=30", "!", "fakesink"], TimeSpan.FromSeconds(30));
        Assert.True(GstLaunch.PlayedToEos(gst), $"gst-launch over multicast: {gst}");
    }
}
