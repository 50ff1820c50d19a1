using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// One published nvr re-serving two GStreamer cameras over RTSP, shared by the cases of
/// <see cref="RtspServeTests"/>: camera <c>a</c> (H.264 + AAC, 320×240, with a 160×120 sub
/// stream) and camera <c>b</c> (H.265 + PCMA, 320×240). One user, <see cref="User"/>.
/// </summary>
public sealed class RtspServeFixture : IAsyncLifetime
{
    public const int Fps = 15;
    public const int Gop = 15;
    public const string User = "viewer";
    public const string Password = "viewer-pass-1";

    private FakeCamera? _a;
    private FakeCamera? _b;

    public NvrConfig Config { get; private set; } = null!;
    public NvrProcess Nvr { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>ffprobe of each camera's main stream, taken before nvr connected.</summary>
    public Dictionary<string, ProbeResult> CameraProbes { get; } = [];

    public int Port => Config.RtspPort;

    public string Url(string path, bool credentials = true) =>
        $"rtsp://{(credentials ? $"{User}:{Password}@" : "")}127.0.0.1:{Port}/{path}";

    public async Task InitializeAsync()
    {
        _a = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Codec = CameraCodec.H264, Audio = CameraAudio.Aac, Width = 320, Height = 240, SubWidth = 160, SubHeight = 120,
            Fps = Fps, Gop = Gop, Mounts = ["/main", "/sub"],
        });
        _b = await FakeCamera.StartAsync(new FakeCameraOptions { Codec = CameraCodec.H265, Audio = CameraAudio.Pcma, Width = 320, Height = 240, Fps = Fps, Gop = Gop });
        // Probed before nvr connects: a second client joining GStreamer's shared media can disturb
        // the timestamps the first one sees (see nvr/design/rtsp-server.md).
        var probes = await Task.WhenAll(Ffprobe.ProbeAsync(_a.Url("/main")), Ffprobe.ProbeAsync(_b.Url()));
        (CameraProbes["a"], CameraProbes["b"]) = (probes[0], probes[1]);

        Config = new NvrConfig(json =>
        {
            json["Users"] = new JsonArray(new JsonObject { ["Name"] = User, ["Password"] = Password });
            json["Cameras"] = new JsonArray(
                new JsonObject { ["Id"] = "a", ["Url"] = _a.Url("/main"), ["SubUrl"] = _a.Url("/sub"), ["Transport"] = "tcp", ["Record"] = false },
                new JsonObject { ["Id"] = "b", ["Url"] = _b.Url(), ["Transport"] = "tcp", ["Record"] = false });
        });
        Nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", Config.Path]);
        Http = Config.CreateHttpClient(TimeSpan.FromSeconds(5));
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                var cameras = await Http.GetFromJsonAsync<JsonElement>("api/cameras");
                return cameras.EnumerateArray().All(c => c.GetProperty("state").GetString() == "online"
                    && (!c.TryGetProperty("sub", out var sub) || sub.ValueKind == JsonValueKind.Null || sub.GetProperty("state").GetString() == "online"));
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "nvr up with every camera online");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Nvr is not null) await Nvr.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        Config?.Dispose();
    }
}
