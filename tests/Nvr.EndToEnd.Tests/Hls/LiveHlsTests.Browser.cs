using System.Globalization;
using System.Text.Json;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Hls;

/// <summary>
/// hls.js 1.7.4 in Debian's headless Chromium (playwright-core, <c>tests/web/play-hls.mjs</c>)
/// against the published binary; screenshots under <c>artifacts/test-results/hls/</c>.
/// </summary>
public sealed partial class LiveHlsTests
{
    private static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(NvrBinary.RepoRoot, "artifacts", "test-results", "hls");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    [Theory]
    [InlineData("fmp4", true)]
    [InlineData("ts", false)]
    public async Task Hls_js_in_chromium_plays_ten_seconds(string format, bool lowLatency)
    {
        var screenshot = Path.Combine(ScreenshotDir, $"e2e-avc-{format}{(lowLatency ? "-ll" : "")}.png");
        File.Delete(screenshot);
        var args = new List<string> { "--url", nvr.Url("live/avc/index.m3u8" + (format == "ts" ? "?format=ts" : "")), "--seconds", "10", "--screenshot", screenshot };
        if (lowLatency) args.Add("--low-latency");
        var r = await PlayAsync(args);

        Assert.Equal(JsonValueKind.Null, r.GetProperty("fatal").ValueKind);
        int frames = r.GetProperty("frames").GetInt32();
        Assert.True(frames > 200, $"{frames} frames decoded in 10 s");
        Assert.Equal([LiveHlsFixture.Width, LiveHlsFixture.Height], r.GetProperty("videoSize").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Contains("mp4a.40.2", r.GetProperty("manifestCodecs")[0].GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(screenshot));
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task Hls_js_in_chromium_parses_the_hevc_manifest()
    {
        var screenshot = Path.Combine(ScreenshotDir, "e2e-hevc-fmp4.png");
        File.Delete(screenshot);
        var r = await PlayAsync(["--url", nvr.Url("live/hevc/index.m3u8"), "--low-latency", "--manifest-only", "--screenshot", screenshot, "--start-timeout", "20"]);

        // The manifest reached hls.js with the hvc1 CODECS the server wrote; whether it plays depends
        // on the browser build's HEVC decoder (Debian's Chromium has none in MSE).
        var codecs = r.GetProperty("manifestCodecs")[0].GetString()!;
        Assert.StartsWith("hvc1.", codecs, StringComparison.Ordinal);
        bool decodable = r.GetProperty("mse").GetProperty(codecs).GetBoolean();
        output.WriteLine($"Chromium MSE isTypeSupported(video/mp4; codecs=\"{codecs}\"): {decodable}");
        if (decodable)
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("fatal").ValueKind);
        }
        else
        {
            // hls.js refuses the only level for its codec — the expected outcome without HEVC decode.
            Assert.Equal("manifestIncompatibleCodecsError", r.GetProperty("fatal").GetProperty("details").GetString());
        }
    }

    private async Task<JsonElement> PlayAsync(IEnumerable<string> arguments)
    {
        var script = Path.Combine(NvrBinary.RepoRoot, "tests", "web", "play-hls.mjs");
        var run = await ProcessRunner.RunAsync("node", [script, .. arguments], TimeSpan.FromSeconds(90), new TestProcessOptions { Environment = nvr.CredentialEnvironment });
        Assert.False(run.TimedOut, "play-hls.mjs timed out\n" + run.StandardError);
        var line = run.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException("no JSON from play-hls.mjs\n" + run);
        var r = JsonDocument.Parse(line).RootElement.Clone();
        output.WriteLine(Summary(r));
        Assert.True(r.GetProperty("ok").GetBoolean(), r.TryGetProperty("exception", out var e) ? e.GetString() : line);
        return r;
    }

    private static string Summary(JsonElement r)
    {
        string Get(string name) => r.TryGetProperty(name, out var v) ? v.ToString() : "-";
        var s = string.Create(CultureInfo.InvariantCulture,
            $"hls.js {Get("hlsVersion")} low-latency {Get("lowLatency")}: startup {Get("startupMs")} ms, {Get("frames")} frames in {Get("wallSeconds")} s " +
            $"(dropped {Get("droppedFrames")}), played {Get("playedSeconds")} s, manifest CODECS {Get("manifestCodecs")}, MSE {Get("mse")}\nerrors: {Get("errors")}");
        if (r.TryGetProperty("samples", out var samples))
        {
            var latency = samples.EnumerateArray().Select(x => x.GetProperty("latency")).Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble() * 1000).Order().ToList();
            if (latency.Count > 0) s += string.Create(CultureInfo.InvariantCulture, $"\nplayer latency (hls.latency): p50 {P(latency, 0.5)} ms, p95 {P(latency, 0.95)} ms");
        }
        return s;
    }
}
