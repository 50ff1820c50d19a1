using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Hls;

/// <summary>
/// One published nvr shared by the live-HLS tests, with two replayed-clip cameras (no live
/// encoding, cheap on 2 cores): <c>avc</c> H.264 + AAC 640x360 25 fps with a 1 s GOP (its sub
/// stream pulls the same mount), and <c>hevc</c> H.265 + G.711 A-law, same size and rate.
/// </summary>
public sealed class LiveHlsFixture : IAsyncLifetime
{
    public const int Fps = 25;
    public const int Width = 640;
    public const int Height = 360;

    /// <summary>
    /// The one place the tests' HTTP credentials are set: a user in the config, answered to
    /// Basic or Digest challenges by HttpClient, ffprobe/ffmpeg (<c>http://user:pass@…</c>) and
    /// Chromium (playwright <c>httpCredentials</c>, via NVR_TEST_HTTP_USER/PASSWORD). Harmless
    /// while the HTTP routes do not authenticate: credentials are only sent when challenged
    /// (ffmpeg sends Basic up front).
    /// </summary>
    public static readonly NetworkCredential Viewer = new("viewer", "viewer-secret-1");

    private FakeCamera? _avc;
    private FakeCamera? _hevc;

    /// <summary>The H.264 + AAC camera's RTSP URL (for tests that start an nvr of their own).</summary>
    public string AvcCameraUrl => _avc!.Url(withCredentials: false);

    public NvrConfig Config { get; private set; } = null!;
    public NvrProcess Nvr { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>An absolute URL for ffprobe/ffmpeg, with the credentials in it.</summary>
    public string MediaUrl(string path) => $"http://{Uri.EscapeDataString(Viewer.UserName)}:{Uri.EscapeDataString(Viewer.Password)}@127.0.0.1:{Config.HttpPort}/{path.TrimStart('/')}";

    /// <summary>An absolute URL without credentials (the browser gets them from its context).</summary>
    public string Url(string path) => new Uri(Config.HttpBase, path.TrimStart('/')).ToString();

    /// <summary>Environment for child processes that take the credentials from it (play-hls.mjs).</summary>
    public Dictionary<string, string?> CredentialEnvironment => new()
    {
        ["NVR_TEST_HTTP_USER"] = Viewer.UserName,
        ["NVR_TEST_HTTP_PASSWORD"] = Viewer.Password,
    };

    public async Task InitializeAsync()
    {
        var avcClip = ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Aac, Width, Height, Fps, Fps, seconds: 4);
        var hevcClip = ClipFactory.EnsureAsync(CameraCodec.H265, CameraAudio.Pcma, Width, Height, Fps, Fps, seconds: 4);
        _avc = await FakeCamera.StartAsync(new FakeCameraOptions { ClipPath = await avcClip });
        _hevc = await FakeCamera.StartAsync(new FakeCameraOptions { ClipPath = await hevcClip });
        Config = new NvrConfig(json =>
        {
            json["Users"] = new JsonArray(new JsonObject { ["Name"] = Viewer.UserName, ["Password"] = Viewer.Password });
            json["Recording"] = new JsonObject { ["MinFreeBytes"] = 0, ["MinFreePercent"] = 0 };
            json["Cameras"] = new JsonArray(
                new JsonObject
                {
                    ["Id"] = "avc", ["Url"] = _avc.Url(withCredentials: false), ["SubUrl"] = _avc.Url(withCredentials: false),
                    ["Transport"] = "tcp", ["Record"] = false,
                },
                new JsonObject { ["Id"] = "hevc", ["Url"] = _hevc.Url(withCredentials: false), ["Transport"] = "tcp", ["Record"] = false });
        });
        Nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", Config.Path]);
        Http = new HttpClient(new HttpClientHandler { Credentials = Viewer, PreAuthenticate = true })
        {
            BaseAddress = Config.HttpBase,
            Timeout = TimeSpan.FromSeconds(15),
        };
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                var cameras = await Http.GetFromJsonAsync<JsonElement>("api/cameras");
                return cameras.EnumerateArray().All(c =>
                    c.GetProperty("main").GetProperty("state").GetString() == "online" && c.GetProperty("main").GetProperty("fps").GetDouble() > 10 &&
                    (!c.TryGetProperty("sub", out var sub) || sub.GetProperty("state").GetString() == "online"));
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(40), "both cameras online in nvr");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Nvr is not null) await Nvr.DisposeAsync();
        Config?.Dispose();
        if (_avc is not null) await _avc.DisposeAsync();
        if (_hevc is not null) await _hevc.DisposeAsync();
    }
}
