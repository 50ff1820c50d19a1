using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Rtmp.Flv;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// Live RTMP, HTTP-FLV and RTMP publish of the published nvr, read by third-party clients: ffprobe /
/// ffmpeg, GStreamer's rtmpsrc + flvdemux, mpegts.js in headless Chromium, and ffmpeg as the
/// publishing encoder. HEVC: FFmpeg 5.1 and GStreamer 1.22 (Debian 12) cannot demux HEVC in FLV at
/// all (neither Enhanced RTMP <c>hvc1</c> nor codec id 12), so the H.265 camera's HTTP-FLV output is
/// parsed with Nvr.Rtmp's FLV reader and its HEVC stream decoded by ffmpeg as Annex B.
/// </summary>
public sealed class RtmpEndToEndTests(RtmpServingFixture nvr, ITestOutputHelper output) : IClassFixture<RtmpServingFixture>
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ffmpeg_reads_the_h264_camera_over_rtmp_and_http_flv()
    {
        string[] urls = [nvr.RtmpUrl("cam264"), nvr.FlvUrl("cam264")];
        foreach (var url in urls)
        {
            var probe = await Ffprobe.ProbeAsync(url);
            Assert.Equal("h264", probe.Video?.CodecName);
            Assert.Equal(320, probe.Video?.Width);
            Assert.Equal("aac", probe.Audio?.CodecName);
        }
        // Both outputs at once: 10 s of -c copy each, then a decode that must print nothing.
        var counts = await Task.WhenAll(urls.Select(u => Ffmpeg.CountFramesAsync(u, TenSeconds, timeout: TimeSpan.FromSeconds(40))));
        for (var i = 0; i < urls.Length; i++)
        {
            var video = Assert.IsType<StreamFrames>(counts[i].Video);
            output.WriteLine($"{Redact(urls[i])}: {video.Frames} video frames, {counts[i].Audio?.Frames} audio frames in 10 s");
            Assert.InRange(video.Frames, RtmpServingFixture.H264Fps * 9, RtmpServingFixture.H264Fps * 11);
            Assert.Equal(0, video.NonIncreasingDts);
            Assert.True(counts[i].Audio?.Frames > 300, $"audio frames: {counts[i].Audio?.Frames}");
        }
        var errors = await Task.WhenAll(urls.Select(u => Ffmpeg.DecodeErrorsAsync(u, TimeSpan.FromSeconds(5), timeout: TimeSpan.FromSeconds(30))));
        Assert.All(errors, e => Assert.Equal("", e));
    }

    [Fact]
    public async Task Gstreamer_rtmpsrc_and_flvdemux_decode_100_frames_of_the_h264_camera()
    {
        // Debian 12's flvdemux has no HEVC caps (only video/x-h264 stream-format=avc): H.264 only.
        var pipeline = $"rtmpsrc location='{nvr.RtmpUrl("cam264")} live=1' timeout=10 ! flvdemux name=d d.video ! queue ! h264parse ! avdec_h264 ! identity eos-after=100 ! fakesink";
        var run = await GstLaunch.RunAsync(pipeline, TimeSpan.FromSeconds(40));
        output.WriteLine(run.StandardError);
        Assert.False(run.TimedOut, "gst-launch did not reach EOS after 100 frames\n" + run);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("EOS", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_h265_camera_is_served_as_enhanced_rtmp_hvc1_over_http_flv_and_decodes()
    {
        using var http = RtmpServingFixture.CreateHttpClient(nvr.Config.HttpBase, TimeSpan.FromSeconds(30));
        var bytes = await ReadForAsync(http, nvr.FlvUrl("cam265", userInfo: false), TenSeconds);
        Assert.Equal(FlvReadStatus.Ok, FlvReader.TryReadHeader(bytes, out var header, out var offset));
        Assert.True(header.HasVideo);
        var demuxer = new FlvDemuxer();
        var units = new List<MediaUnit>();
        var hvc1Tags = 0;
        var memory = bytes.AsMemory();
        while (FlvReader.ReadTag(memory, ref offset, out var tag) == FlvReadStatus.Ok)
        {
            // Enhanced RTMP: IsExHeader bit + FourCC "hvc1" after the first byte.
            if (tag.Type == FlvTagType.Video && tag.Body.Length >= 5 && (tag.Body.Span[0] & 0x80) != 0 && tag.Body.Span[1..5].SequenceEqual("hvc1"u8)) hvc1Tags++;
            if (demuxer.Demux(tag.Type, tag.Timestamp, tag.Body, out var unit) == FlvDemuxResult.Unit && unit!.TrackId == FlvDemuxer.VideoTrackId) units.Add(unit);
        }
        var video = demuxer.Description?.Video;
        Assert.Equal(MediaCodec.H265, video?.Codec);
        Assert.Equal(MediaCodec.Aac, demuxer.Description?.Audio?.Codec);
        Assert.True(units[0].IsKeyframe, "the stream does not start at a keyframe");
        output.WriteLine($"HTTP-FLV cam265: {bytes.Length} bytes, {units.Count} HEVC frames ({hvc1Tags} hvc1 tags) in 10 s");
        Assert.InRange(units.Count, RtmpServingFixture.H265Fps * 9, RtmpServingFixture.H265Fps * 11);
        Assert.True(hvc1Tags >= units.Count);

        using var dir = TempDirectory.Create("hevc");
        var file = dir.File("out.hevc");
        await File.WriteAllBytesAsync(file, AnnexBStream(video!, units));
        Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(file));
        Assert.InRange((await Ffmpeg.CountFramesAsync(file)).Video!.Frames, units.Count - 1, units.Count);
    }

    [Fact]
    public async Task Players_need_credentials_unknown_cameras_are_404_and_http_flv_allows_cors()
    {
        var anonymous = await Ffprobe.RunAsync(nvr.RtmpUrl("cam264", credentials: false));
        Assert.NotEqual(0, anonymous.ExitCode);
        var wrong = await Ffprobe.RunAsync($"rtmp://127.0.0.1:{nvr.Config.RtmpPort}/live/cam264?user={RtmpServingFixture.User}&pass=wrong-password");
        Assert.NotEqual(0, wrong.ExitCode);
        var sub = await Ffprobe.RunAsync(nvr.RtmpUrl("nosuch"));
        Assert.NotEqual(0, sub.ExitCode);
        Assert.DoesNotContain(RtmpServingFixture.Password, nvr.Nvr.Output, StringComparison.Ordinal);

        using var notFound = await nvr.Http.GetAsync("live/nosuch.flv");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "live/cam264.flv");
        preflight.Headers.Add("Origin", "http://example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answer = await nvr.Http.SendAsync(preflight);
        Assert.True(answer.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        using var get = await nvr.Http.GetAsync("live/cam264.flv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("video/x-flv", get.Content.Headers.ContentType?.MediaType);
        Assert.True(get.Headers.TransferEncodingChunked);
        Assert.Equal("*", get.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Mpegts_js_in_chromium_plays_http_flv_for_ten_seconds()
    {
        var screenshots = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-screenshots");
        Directory.CreateDirectory(screenshots);
        var screenshot = Path.Combine(screenshots, "http-flv-mpegts.png");
        File.Delete(screenshot);
        var args = new List<string> { Path.Combine(TestPaths.RepoRoot, "tests", "web", "play-flv.mjs"), "--url", nvr.FlvUrl("cam264", userInfo: false), "--seconds", "10", "--screenshot", screenshot };
        if (RtmpServingFixture.HttpCredentials is { } c) args.AddRange(["--user", c.UserName, "--pass", c.Password]);
        var run = await ProcessRunner.RunAsync("node", args, TimeSpan.FromSeconds(90));
        Assert.False(run.TimedOut, "play-flv.mjs timed out\n" + run.StandardError);
        var line = run.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException("no JSON from play-flv.mjs\n" + run);
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        string Get(string name) => r.TryGetProperty(name, out var v) ? v.ToString() : "-";
        output.WriteLine($"mpegts.js {Get("mpegtsVersion")} cross-origin {Get("crossOrigin")}: startup {Get("startupMs")} ms, {Get("frames")} frames in {Get("wallSeconds")} s " +
            $"(dropped {Get("droppedFrames")}), media {Get("mediaInfo")}, errors {Get("errors")}");
        Assert.True(r.GetProperty("ok").GetBoolean(), r.TryGetProperty("exception", out var e) ? e.GetString() + "\n" + Get("console") : line);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("fatal").ValueKind);
        var frames = r.GetProperty("frames").GetInt32();
        Assert.True(frames > 200, $"{frames} frames decoded in 10 s");
        Assert.Equal([320, 240], r.GetProperty("videoSize").EnumerateArray().Select(x => x.GetInt32()));
        Assert.True(File.Exists(screenshot));
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task An_rtmp_publisher_with_the_key_becomes_a_recorded_feed_and_a_wrong_key_is_refused()
    {
        var waiting = (await nvr.CameraAsync("pub")).GetProperty("main");
        Assert.NotEqual("online", waiting.GetProperty("state").GetString());
        Assert.Equal("waiting for publisher", waiting.GetProperty("reason").GetString());
        Assert.DoesNotContain(RtmpServingFixture.StreamKey, await nvr.Http.GetStringAsync("api/cameras"), StringComparison.Ordinal);

        // Wrong key: NetStream.Publish.Unauthorized, ffmpeg gives up with an error.
        var refused = await Ffmpeg.RunAsync(["-v", "error", "-re", "-i", nvr.PublishClip, "-c", "copy", "-f", "flv", nvr.PublishUrl("wrong-key-0123456789")], TimeSpan.FromSeconds(30));
        Assert.False(refused.TimedOut);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.NotEqual("online", await nvr.StateAsync("pub"));

        await using var encoder = TestProcess.Start("ffmpeg", ["-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", nvr.PublishClip, "-t", "40", "-c", "copy", "-f", "flv", nvr.PublishUrl(RtmpServingFixture.StreamKey)]);
        try
        {
            await WaitFor.ConditionAsync(async () => await nvr.StateAsync("pub") == "online", TimeSpan.FromSeconds(20), "pub online");

            // A second encoder on the same name is refused (NetStream.Publish.BadName).
            var second = await Ffmpeg.RunAsync(["-v", "error", "-re", "-i", nvr.PublishClip, "-t", "2", "-c", "copy", "-f", "flv", nvr.PublishUrl(RtmpServingFixture.StreamKey)], TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, second.ExitCode);

            // Re-served like a camera: over RTSP, HLS, HTTP-FLV and RTMP.
            var overRtsp = await Ffprobe.ProbeAsync($"rtsp://{RtmpServingFixture.User}:{RtmpServingFixture.Password}@127.0.0.1:{nvr.Config.RtspPort}/pub");
            Assert.Equal("h264", overRtsp.Video?.CodecName);
            Assert.Equal("aac", overRtsp.Audio?.CodecName);
            var overHls = await Ffprobe.ProbeAsync($"http://{RtmpServingFixture.User}:{RtmpServingFixture.Password}@127.0.0.1:{nvr.Config.HttpPort}/live/pub/index.m3u8",
                new ProbeOptions { Timeout = TimeSpan.FromSeconds(30) });
            Assert.Equal("h264", overHls.Video?.CodecName);
            Assert.Equal("aac", overHls.Audio?.CodecName);
            var overFlv = await Ffprobe.ProbeAsync(nvr.FlvUrl("pub"));
            Assert.Equal("h264", overFlv.Video?.CodecName);
            Assert.Equal("aac", overFlv.Audio?.CodecName);
            var overRtmp = await Ffmpeg.CountFramesAsync(nvr.RtmpUrl("pub"), TimeSpan.FromSeconds(4), timeout: TimeSpan.FromSeconds(30));
            Assert.InRange(overRtmp.Video!.Frames, 45, 75);

            // Recorded: closed 4 s segments appear in the index and on disk.
            JsonElement[] segments = [];
            await WaitFor.ConditionAsync(async () =>
            {
                segments = (await nvr.Http.GetFromJsonAsync<JsonElement>("api/recordings?camera=pub&stream=main"))
                    .GetProperty("spans").EnumerateArray().SelectMany(s => s.GetProperty("segments").EnumerateArray()).ToArray();
                return segments.Length >= 2;
            }, TimeSpan.FromSeconds(30), "two recorded segments of pub");
            var first = Path.Combine(nvr.Config.Dir, "data", "recordings", segments[0].GetProperty("path").GetString()!);
            Assert.True(File.Exists(first), first);
            var probe = await Ffprobe.ProbeAsync(first);
            Assert.Equal("h264", probe.Video?.CodecName);
            output.WriteLine($"pub: {segments.Length} segments, first {segments[0].GetProperty("path").GetString()} ({segments[0].GetProperty("frames")} frames)");
        }
        finally
        {
            encoder.Kill();
        }
        await WaitFor.ConditionAsync(async () => await nvr.StateAsync("pub") != "online", TimeSpan.FromSeconds(30), "pub offline after the encoder stopped");
        Assert.DoesNotContain(RtmpServingFixture.StreamKey, nvr.Nvr.Output, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadForAsync(HttpClient http, string url, TimeSpan duration)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var buffer = new MemoryStream();
        using var stop = new CancellationTokenSource(duration);
        var chunk = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await body.ReadAsync(chunk, stop.Token)) > 0) buffer.Write(chunk, 0, n);
        }
        catch (OperationCanceledException)
        {
        }
        return buffer.ToArray();
    }

    private static byte[] AnnexBStream(TrackDescription video, IEnumerable<MediaUnit> units)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var unit in units)
        {
            if (unit.IsKeyframe)
            {
                if (video.Vps is { } vps) AnnexB.WriteNalUnit(vps, output);
                AnnexB.WriteNalUnit(video.Sps!, output);
                AnnexB.WriteNalUnit(video.Pps!, output);
            }
            Assert.True(AnnexB.FromLengthPrefixed(unit.Payload.Span, output), "unit is not valid length-prefixed NAL units");
        }
        return output.WrittenSpan.ToArray();
    }

    private static string Redact(string url) => url.Replace(RtmpServingFixture.Password, "***", StringComparison.Ordinal);
}
