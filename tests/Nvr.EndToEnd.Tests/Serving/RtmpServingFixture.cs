using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// One published nvr for <see cref="RtmpEndToEndTests"/>: an H.264+AAC camera at 25 fps (so a
/// browser decodes > 200 frames in 10 s), an H.265+AAC camera at 15 fps, both replaying clips, and
/// an RTMP publish camera <c>pub</c> with a stream key. Players must authenticate
/// (<c>Rtmp:AllowAnonymousPlay</c> false) as the configured user <see cref="User"/>.
/// </summary>
public sealed class RtmpServingFixture : IAsyncLifetime
{
    public const string User = "viewer";
    public const string Password = "viewer-password-1";
    public const string StreamKey = "publish-key-0123456789";
    public const int H264Fps = 25;
    public const int H265Fps = 15;

    /// <summary>
    /// HTTP credentials for every HTTP client of these tests (ffmpeg URLs, HttpClient, the browser),
    /// in one place: every route but <c>/healthz</c> needs a configured user.
    /// </summary>
    public static NetworkCredential? HttpCredentials => new(User, Password);

    private FakeCamera? _h264;
    private FakeCamera? _h265;

    public NvrConfig Config { get; private set; } = null!;
    public NvrProcess Nvr { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The 4 s H.264+AAC clip an encoder publishes.</summary>
    public string PublishClip { get; private set; } = "";

    public string RtmpUrl(string path, bool credentials = true) =>
        $"rtmp://127.0.0.1:{Config.RtmpPort}/live/{path}" + (credentials ? $"?user={User}&pass={Password}" : "");

    public string PublishUrl(string key) => $"rtmp://127.0.0.1:{Config.RtmpPort}/live/pub?key={key}";

    /// <summary>HTTP-FLV URL, with the HTTP credentials as userinfo for ffmpeg when there are any.</summary>
    public string FlvUrl(string path, bool userInfo = true)
    {
        var auth = userInfo && HttpCredentials is { } c ? $"{Uri.EscapeDataString(c.UserName)}:{Uri.EscapeDataString(c.Password)}@" : "";
        return $"http://{auth}127.0.0.1:{Config.HttpPort}/live/{path}.flv";
    }

    public static HttpClient CreateHttpClient(Uri baseAddress, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler();
        if (HttpCredentials is { } c) handler.Credentials = c;
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public async Task InitializeAsync()
    {
        var clip264 = await ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Aac, 320, 240, H264Fps, H264Fps, 4);
        var clip265 = await ClipFactory.EnsureAsync(CameraCodec.H265, CameraAudio.Aac, 320, 240, H265Fps, H265Fps, 4);
        PublishClip = await ClipFactory.EnsureAsync(CameraCodec.H264, CameraAudio.Aac, 320, 240, 15, 15, 4);
        _h264 = await FakeCamera.StartAsync(new FakeCameraOptions { ClipPath = clip264 });
        _h265 = await FakeCamera.StartAsync(new FakeCameraOptions { ClipPath = clip265 });
        Config = new NvrConfig(json =>
        {
            json["Recording"] = new JsonObject { ["SegmentSeconds"] = 4, ["MinFreeBytes"] = 0, ["MinFreePercent"] = 0 };
            json["Users"] = new JsonArray(new JsonObject { ["Name"] = User, ["Password"] = Password });
            json["Cameras"] = new JsonArray(
                new JsonObject { ["Id"] = "cam264", ["Url"] = _h264.Url(withCredentials: false), ["Transport"] = "tcp", ["Record"] = false },
                new JsonObject { ["Id"] = "cam265", ["Url"] = _h265.Url(withCredentials: false), ["Transport"] = "tcp", ["Record"] = false },
                new JsonObject { ["Id"] = "pub", ["StreamKey"] = StreamKey });
        });
        Nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", Config.Path]);
        Http = CreateHttpClient(Config.HttpBase, TimeSpan.FromSeconds(10));
        await NvrHealth.WaitAsync(Http, TimeSpan.FromSeconds(20));
        await WaitFor.ConditionAsync(async () =>
            await StateAsync("cam264") == "online" && await StateAsync("cam265") == "online", TimeSpan.FromSeconds(30), "both cameras online");
    }

    public async Task<JsonElement> CameraAsync(string id) => await Http.GetFromJsonAsync<JsonElement>($"api/cameras/{id}");

    public async Task<string> StateAsync(string id) => (await CameraAsync(id)).GetProperty("main").GetProperty("state").GetString()!;

    public async Task DisposeAsync()
    {
        if (Nvr is not null)
        {
            Nvr.Signal(NvrProcess.SIGTERM);
            await Nvr.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Nvr.DisposeAsync();
        }
        Http?.Dispose();
        Config?.Dispose();
        if (_h264 is not null) await _h264.DisposeAsync();
        if (_h265 is not null) await _h265.DisposeAsync();
    }
}
