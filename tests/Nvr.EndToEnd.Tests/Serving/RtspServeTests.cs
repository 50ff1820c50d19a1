using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Nvr.Testing.Fuzz;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// The published nvr re-serves its cameras over RTSP (issue "Live RTSP server"): third-party
/// clients (ffprobe, ffmpeg, gst-launch) over TCP and UDP with digest credentials, 401/404,
/// the <c>/sub</c> path, <c>GET /api/sessions</c>, the hostile-input corpus against the real port.
/// </summary>
public sealed class RtspServeTests(RtspServeFixture nvr, ITestOutputHelper output) : IClassFixture<RtspServeFixture>
{
    private const int Fps = RtspServeFixture.Fps;
    private const int Gop = RtspServeFixture.Gop;

    public static TheoryData<string> Cameras => new() { "a", "b" };

    [Theory]
    [MemberData(nameof(Cameras))]
    public async Task Ffprobe_ffmpeg_and_gstreamer_play_the_camera_over_tcp_and_udp(string camera)
    {
        using var dir = TempDirectory.Create("rtsp-serve");
        var url = nvr.Url(camera);
        var plain = nvr.Url(camera, credentials: false);
        string depay = camera == "a" ? "rtph264depay ! h264parse ! avdec_h264" : "rtph265depay ! h265parse ! avdec_h265";
        string login = $"user-id={RtspServeFixture.User} user-pw={RtspServeFixture.Password}";

        var probeTcp = Ffprobe.ProbeAsync(url, new ProbeOptions { Transport = ClientTransport.Tcp });
        var probeUdp = Ffprobe.ProbeAsync(url, new ProbeOptions { Transport = ClientTransport.Udp });
        var copyTcp = Ffmpeg.CopyAsync(url, dir.File("tcp.mkv"), TimeSpan.FromSeconds(10), transport: ClientTransport.Tcp);
        var copyUdp = Ffmpeg.CopyAsync(url, dir.File("udp.mkv"), TimeSpan.FromSeconds(10), transport: ClientTransport.Udp);
        var gstTcp = GstLaunch.RunAsync($"rtspsrc location={plain} {login} protocols=tcp latency=200 ! {depay} ! identity eos-after=100 ! fakesink", TimeSpan.FromSeconds(40));
        var gstUdp = GstLaunch.RunAsync($"rtspsrc location={plain} {login} protocols=udp latency=200 ! {depay} ! identity eos-after=100 ! fakesink", TimeSpan.FromSeconds(40));

        // While the copies run: the API lists live sessions of this camera whose bytes grow.
        var first = await LiveSessionAsync(camera, minimumBytes: 1);
        var growing = await LiveSessionAsync(camera, minimumBytes: first.GetProperty("bytesOut").GetInt64() + 1, id: first.GetProperty("id").GetString());
        output.WriteLine($"session {growing}");
        Assert.Equal("rtsp", growing.GetProperty("protocol").GetString());
        Assert.Equal(RtspServeFixture.User, growing.GetProperty("user").GetString());
        Assert.StartsWith("127.0.0.1:", growing.GetProperty("remote").GetString(), StringComparison.Ordinal);
        Assert.Contains(growing.GetProperty("transport").GetString(), new[] { "tcp", "udp" });
        Assert.True(growing.GetProperty("packetsOut").GetInt64() > 0);
        Assert.Equal(2, growing.GetProperty("tracks").GetArrayLength());

        await Task.WhenAll(probeTcp, probeUdp, copyTcp, copyUdp, gstTcp, gstUdp);

        var expected = nvr.CameraProbes[camera].Streams;
        foreach (var probe in new[] { await probeTcp, await probeUdp })
        {
            Assert.Equal(expected.Select(s => s.CodecParameters), probe.Streams.Select(s => s.CodecParameters));
        }
        foreach (var (name, gst) in new[] { ("tcp", await gstTcp), ("udp", await gstUdp) })
        {
            Assert.True(GstLaunch.PlayedToEos(gst), $"gst-launch over {name}: exit {gst.ExitCode}, timed out {gst.TimedOut}: {gst.StandardError}\nnvr:\n{Tail(nvr.Nvr.Output, 60)}");
        }
        foreach (var file in new[] { "tcp.mkv", "udp.mkv" })
        {
            var frames = await Ffmpeg.CountFramesAsync(dir.File(file));
            output.WriteLine($"{camera} {file}: {frames.Video!.Frames} video, {frames.Audio?.Frames} audio frames");
            Assert.InRange(frames.Video.Frames, Fps * 10 - Gop, Fps * 10 + Gop);
            Assert.True(frames.Audio!.Frames > 0);
            Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(dir.File(file)));
        }
    }

    [Fact]
    public async Task No_credentials_and_wrong_ones_get_401_with_a_digest_challenge_right_ones_200()
    {
        using var client = await RawRtspClient.ConnectAsync(nvr.Port);
        var url = nvr.Url("a", credentials: false);

        var none = await client.RequestAsync("DESCRIBE", url);
        Assert.Equal(401, none.Status);
        var challenges = none.All("WWW-Authenticate").ToList();
        output.WriteLine(string.Join("\n", challenges));
        Assert.Contains(challenges, c => c.StartsWith("Digest ", StringComparison.Ordinal) && c.Contains("realm=\"nvr\"", StringComparison.Ordinal));
        Assert.DoesNotContain(challenges, c => c.StartsWith("Basic", StringComparison.Ordinal));

        Assert.Equal(401, (await client.DescribeWithDigestAsync(url, RtspServeFixture.User, "not-the-password")).Status);
        var right = await client.DescribeWithDigestAsync(url, RtspServeFixture.User, RtspServeFixture.Password);
        Assert.Equal(200, right.Status);
        Assert.Equal("application/sdp", Assert.Single(right.All("Content-Type")));

        // ffprobe with the password in the URL logs in; a wrong one gets 401.
        var wrong = await Ffprobe.RunAsync($"rtsp://{RtspServeFixture.User}:guess-guess@127.0.0.1:{nvr.Port}/a", new ProbeOptions { Timeout = TimeSpan.FromSeconds(15) });
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("401 Unauthorized", wrong.StandardError, StringComparison.Ordinal);
        Assert.Equal("h264", (await Ffprobe.ProbeAsync(nvr.Url("a"))).Streams.First(s => s.CodecType == "video").CodecName);

        // Neither the password nor its hashes reach the log.
        Assert.DoesNotContain(RtspServeFixture.Password, nvr.Nvr.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sub_path_serves_the_sub_stream_and_unknown_paths_are_404()
    {
        var sub = await Ffprobe.ProbeAsync(nvr.Url("a/sub"));
        var video = sub.Streams.Single(s => s.CodecType == "video");
        Assert.Equal(("h264", 160, 240 / 2), (video.CodecName, video.Width, video.Height));

        using var client = await RawRtspClient.ConnectAsync(nvr.Port);
        foreach (var path in new[] { "nosuch", "b/sub", "a/sub/extra" })
        {
            var r = await client.DescribeWithDigestAsync(nvr.Url(path, credentials: false), RtspServeFixture.User, RtspServeFixture.Password);
            Assert.True(r.Status == 404, $"{path}: {r.Status}");
        }
    }

    [Fact]
    public async Task The_malformed_corpus_against_the_port_leaves_nvr_serving()
    {
        // From another loopback address, so the corpus's bad credentials and its connections count
        // against 127.0.0.2, not against the other cases' 127.0.0.1.
        var from = IPAddress.Parse("127.0.0.2");
        var inputs = FuzzCorpus.SeedsAndMutations("rtsp-server", mutationsPerSeed: 4).ToList();
        int closed = 0, answered = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(inputs.Select(async input =>
        {
            await gate.WaitAsync();
            try
            {
                var (seen, wasClosed) = await ReplayAsync(input, from);
                Interlocked.Add(ref answered, seen.Count);
                foreach (var status in seen) statuses.Add(status);
                if (wasClosed) Interlocked.Increment(ref closed);
            }
            finally
            {
                gate.Release();
            }
        }));
        output.WriteLine($"{inputs.Count} inputs: {answered} status lines, {closed} connections closed by nvr");
        Assert.True(answered > inputs.Count / 2, $"{answered} answers");
        Assert.Equal(inputs.Count, closed);
        Assert.All(statuses, status => Assert.True(status is 200 or (>= 400 and < 600), $"status {status}"));
        Assert.Contains(400, statuses);
        Assert.True(await nvr.Nvr.WaitForExitAsync(TimeSpan.Zero) is null, "nvr exited");
        // Error-level entries of the server mean an exception escaped a request or session.
        Assert.DoesNotContain(nvr.Nvr.Output.Split('\n'), l => l.Contains(" fail: Nvr.Rtsp", StringComparison.Ordinal));

        Assert.True((await nvr.Http.GetAsync("healthz")).IsSuccessStatusCode);
        using var client = await RawRtspClient.ConnectAsync(nvr.Port);
        Assert.Equal(200, (await client.DescribeWithDigestAsync(nvr.Url("b", credentials: false), RtspServeFixture.User, RtspServeFixture.Password)).Status);
        var totals = (await nvr.Http.GetFromJsonAsync<JsonElement>("api/sessions")).GetProperty("totals");
        output.WriteLine(totals.ToString());
        Assert.True(totals.GetProperty("malformedRequests").GetInt64() > 0);
    }

    /// <summary>Waits until <c>GET /api/sessions</c> lists a playing session of <paramref name="camera"/> with at least <paramref name="minimumBytes"/> out.</summary>
    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private async Task<JsonElement> LiveSessionAsync(string camera, long minimumBytes, string? id = null)
    {
        JsonElement found = default;
        await WaitFor.ConditionAsync(async () =>
        {
            var response = await nvr.Http.GetFromJsonAsync<JsonElement>("api/sessions");
            var perCamera = response.GetProperty("cameras").EnumerateArray()
                .Single(c => c.GetProperty("camera").GetString() == camera && c.GetProperty("stream").GetString() == "main");
            foreach (var s in response.GetProperty("sessions").EnumerateArray())
            {
                if (s.GetProperty("camera").GetString() != camera || s.GetProperty("state").GetString() != "playing") continue;
                if (id is not null && s.GetProperty("id").GetString() != id) continue;
                if (s.GetProperty("bytesOut").GetInt64() < minimumBytes) continue;
                Assert.True(perCamera.GetProperty("sessions").GetInt32() >= 1);
                Assert.True(perCamera.GetProperty("bytesOut").GetInt64() >= s.GetProperty("bytesOut").GetInt64());
                found = s.Clone();
                return true;
            }
            return false;
        }, TimeSpan.FromSeconds(15), $"a playing session of {camera} with {minimumBytes}+ bytes out");
        return found;
    }

    /// <summary>Sends one input, half-closes, and reads until nvr closes (or 12 s: the request timeout is 10 s). Returns the status codes seen.</summary>
    private async Task<(List<int> Statuses, bool Closed)> ReplayAsync(byte[] input, IPAddress from)
    {
        using var tcp = new TcpClient(new IPEndPoint(from, 0));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var text = new System.Text.StringBuilder();
        bool closed;
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, nvr.Port, cts.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync(input, cts.Token);
            tcp.Client.Shutdown(SocketShutdown.Send);
            var buffer = new byte[8192];
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                text.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, n));
            }
            closed = true;
        }
        catch (IOException)
        {
            closed = true; // reset by nvr
        }
        catch (OperationCanceledException)
        {
            closed = false;
        }
        var statuses = System.Text.RegularExpressions.Regex.Matches(text.ToString(), @"RTSP/1\.0 (\d\d\d) ")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (statuses, closed);
    }
}
