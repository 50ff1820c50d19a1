using Nvr.Rtsp.Server;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Tests.RtspServer;

/// <summary>
/// Multicast across two network namespaces joined by a veth pair: the server's sockets live in
/// namespace A (see <see cref="NetnsSocketFactory"/>), ffmpeg and GStreamer read in namespace B.
/// Loopback cannot prove multicast (the packets would never leave the host's stack).
/// </summary>
public sealed class RtspServerMulticastTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Readers_in_another_namespace_receive_the_multicast_stream()
    {
        await using var hosts = await NetworkNamespacePair.CreateAsync();
        using var sockets = new NetnsSocketFactory(hosts.NameA);
        await using var live = await LiveRtspServer.StartAsync(
            new FakeCameraOptions(),
            o => new RtspServerOptions { Address = hosts.AddressA, Port = 0, AllowAnonymous = true, MulticastAddressRange = "239.255.77.0/28", MulticastPortFirst = 19000, MulticastPortLast = 19009 },
            sockets: sockets);
        var url = live.Url(hosts.AddressA);

        var (ffFile, ffArgs) = NetworkNamespacePair.Exec(hosts.NameB, "ffmpeg",
            "-nostdin", "-v", "error", "-rtsp_transport", "udp_multicast", "-timeout", "5000000", "-i", url, "-t", "5", "-map", "0", "-c", "copy", "-f", "framecrc", "-");
        var (gstFile, gstArgs) = NetworkNamespacePair.Exec(hosts.NameB, "gst-launch-1.0",
            "rtspsrc", $"location={url}", "protocols=udp-mcast", "latency=200", "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "identity", "eos-after=50", "!", "fakesink");
        var ffmpeg = ProcessRunner.RunAsync(ffFile, ffArgs, TimeSpan.FromSeconds(30));
        var gst = ProcessRunner.RunAsync(gstFile, gstArgs, TimeSpan.FromSeconds(30));
        // Both readers share one multicast stream: wait until both play, then look at the server.
        await WaitFor.ConditionAsync(() => live.Server.GetSessions().Count(s => s.State == RtspSessionState.Playing) == 2 || ffmpeg.IsCompleted || gst.IsCompleted,
            TimeSpan.FromSeconds(20), "two multicast sessions");
        var sessions = live.Server.GetSessions();
        var readers = live.Feed.ReaderCount;
        await Task.WhenAll(ffmpeg, gst);

        output.WriteLine($"ffmpeg: exit {(await ffmpeg).ExitCode} {(await ffmpeg).StandardError}");
        output.WriteLine($"gst: exit {(await gst).ExitCode} {(await gst).StandardError}");
        var frames = FrameCount.Parse((await ffmpeg).StandardOutput);
        output.WriteLine($"ffmpeg: {frames.Video?.Frames} video, {frames.Audio?.Frames} audio frames over multicast");
        Assert.True((await ffmpeg).Succeeded, (await ffmpeg).StandardError);
        Assert.InRange(frames.Video!.Frames, 5 * 15 - 15, 5 * 15 + 15);
        Assert.True(frames.Audio!.Frames > 0);
        Assert.True(GstLaunch.PlayedToEos(await gst), (await gst).ToString());

        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(RtspSessionTransport.Multicast, s.Transport));
        Assert.Equal(1, readers); // one reader for the group, whoever watches it
    }
}
