using System.Globalization;
using System.Text.Json;
using Nvr.Hls.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Hls.Tests;

/// <summary>
/// hls.js 1.7.4 in Debian's headless Chromium (playwright-core, <c>tests/web/play-hls.mjs</c>)
/// plays the live fMP4/LL-HLS and MPEG-TS outputs for 10 s each: more than 200 decoded frames,
/// no fatal error, a screenshot under <c>artifacts/test-screenshots/</c>. H.264 + AAC only:
/// Debian's Chromium reports no HEVC support in MSE (<c>MediaSource.isTypeSupported('video/mp4;
/// codecs="hvc1.1.6.L120.90"')</c> is false), so HEVC is checked with ffprobe only.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class BrowserPlaybackTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("fmp4", true)]
    [InlineData("ts", false)]
    public async Task Hls_js_plays_ten_seconds(string format, bool lowLatency)
    {
        var clip = await TestClip.LoadAsync();
        await using var live = await LiveStream.StartAsync(clip);
        var screenshots = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-screenshots");
        Directory.CreateDirectory(screenshots);
        var screenshot = Path.Combine(screenshots, $"hls-{format}{(lowLatency ? "-ll" : "")}.png");
        File.Delete(screenshot);
        var url = live.Url("index.m3u8" + (format == "ts" ? "?format=ts" : ""));
        var args = new List<string> { Path.Combine(TestPaths.RepoRoot, "tests", "web", "play-hls.mjs"), "--url", url, "--seconds", "10", "--screenshot", screenshot };
        if (lowLatency) args.Add("--low-latency");

        var run = await ProcessRunner.RunAsync("node", args, TimeSpan.FromSeconds(90));
        Assert.False(run.TimedOut, "play-hls.mjs timed out\n" + run.StandardError);
        var line = run.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException("no JSON from play-hls.mjs\n" + run);
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        output.WriteLine(Summary(r));
        var log = live.Server.Log.ToArray();
        var media = log.Where(x => !x.Path.Contains(".m3u8", StringComparison.Ordinal)).Select(x => x.Path).ToList();
        int repeated = media.Count - media.Distinct().Count();
        output.WriteLine($"requests: {log.Length} ({log.Count(x => x.Path.Contains(".m3u8", StringComparison.Ordinal))} playlists, {media.Count} media, {repeated} media fetched again), statuses: " +
            string.Join(", ", log.GroupBy(x => x.Status).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.True(r.GetProperty("ok").GetBoolean(), r.TryGetProperty("exception", out var e) ? e.GetString() : line);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("fatal").ValueKind);
        int frames = r.GetProperty("frames").GetInt32();
        Assert.True(frames > 200, $"{frames} frames decoded in 10 s");
        Assert.Equal([640, 360], r.GetProperty("videoSize").EnumerateArray().Select(x => x.GetInt32()));
        Assert.True(File.Exists(screenshot));
        Assert.DoesNotContain(log, x => x.Status >= 500);
        // hls.js reloading the same parts in a loop is how a broken part timeline shows (see HlsOutput.FirstMsn).
        Assert.True(repeated <= 5, $"{repeated} media requests repeated");
        output.WriteLine($"screenshot: {screenshot}");
    }

    private static string Summary(JsonElement r)
    {
        var sb = new System.Text.StringBuilder();
        string Get(string name) => r.TryGetProperty(name, out var v) ? v.ToString() : "-";
        sb.Append(CultureInfo.InvariantCulture, $"hls.js {Get("hlsVersion")} low-latency {Get("lowLatency")}: startup {Get("startupMs")} ms, ");
        sb.Append(CultureInfo.InvariantCulture, $"{Get("frames")} frames in {Get("wallSeconds")} s (dropped {Get("droppedFrames")}), played {Get("playedSeconds")} s, codecs {Get("codecs")}\n");
        if (r.TryGetProperty("samples", out var samples))
        {
            var latency = samples.EnumerateArray().Select(s => s.GetProperty("latency")).Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble() * 1000).Order().ToList();
            var playing = samples.EnumerateArray().Select(s => s.GetProperty("playingDateLatencyMs")).Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).Order().ToList();
            string P(List<double> x, double q) => x.Count == 0 ? "-" : x[Math.Min(x.Count - 1, (int)Math.Ceiling(q * x.Count) - 1)].ToString("0", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"player latency (hls.latency): p50 {P(latency, 0.5)} ms, p95 {P(latency, 0.95)} ms; ");
            sb.Append(CultureInfo.InvariantCulture, $"now − playingDate: p50 {P(playing, 0.5)} ms, p95 {P(playing, 0.95)} ms\n");
        }
        sb.Append("errors: ").Append(Get("errors"));
        return sb.ToString();
    }
}
