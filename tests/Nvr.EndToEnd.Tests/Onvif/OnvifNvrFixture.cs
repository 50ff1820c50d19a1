using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Onvif.Tests.Simulator;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Onvif;

/// <summary>
/// One published nvr, one Mosquitto, one GStreamer fixture camera (main + sub mounts) and two ONVIF
/// simulators whose stream URIs point at it: <see cref="Sim"/> (clock +1 h, 4 s pull-point
/// lifetime, WS-Discovery on loopback for unicast probes) and <see cref="SimBehind"/> (clock −1 h).
/// The configuration file starts with a comment and one camera, <c>badpw</c>, that uses
/// <see cref="Sim"/> with a wrong password. <see cref="AddCameraAsync"/> adds <see cref="Sim"/> by
/// ONVIF once, for every test that needs it.
/// </summary>
public sealed class OnvifNvrFixture : IAsyncLifetime
{
    public const string FileComment = "// installer notes: keep this comment";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _addGate = new(1, 1);
    private JsonElement? _added;

    public Mosquitto Broker { get; private set; } = null!;
    public FakeCamera Camera { get; private set; } = null!;
    public OnvifSimulator Sim { get; private set; } = null!;
    public OnvifSimulator SimBehind { get; private set; } = null!;
    public NvrConfig Config { get; private set; } = null!;
    public NvrProcess Nvr { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public int DiscoveryPort { get; private set; }

    public async Task InitializeAsync()
    {
        Broker = await Mosquitto.StartAsync();
        Camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 320, Height = 240, Audio = CameraAudio.None, Mounts = ["/main", "/sub"] });
        DiscoveryPort = FreePorts.Take(1)[0];
        OnvifSimulatorOptions Options(TimeSpan skew) => new()
        {
            ClockSkew = skew,
            MainStreamUri = new Uri(Camera.Url("/main", withCredentials: false)),
            SubStreamUri = new Uri(Camera.Url("/sub", withCredentials: false)),
            // The default token window (5 s around the device's own clock) means nvr gets in
            // only by using the measured offset.
            MaxTermination = TimeSpan.FromSeconds(4),
        };
        Sim = await OnvifSimulator.StartAsync(Options(TimeSpan.FromHours(1)) with { Discovery = true, DiscoveryPort = DiscoveryPort });
        SimBehind = await OnvifSimulator.StartAsync(Options(TimeSpan.FromHours(-1)));

        Config = new NvrConfig(json =>
        {
            json["Mqtt"] = new JsonObject
            {
                ["Host"] = Broker.Host, ["Port"] = Broker.Port, ["MotionOffDelaySeconds"] = 1, ["ReconnectMaxDelaySeconds"] = 1,
            };
            json["Recording"] = new JsonObject { ["SegmentSeconds"] = 2 };
            json["Cameras"] = new JsonArray(new JsonObject
            {
                ["Id"] = "badpw", ["Onvif"] = Sim.HostPort, ["Username"] = "admin", ["Password"] = "not-the-password",
                ["Url"] = Camera.Url("/main", withCredentials: false), ["Transport"] = "tcp", ["Record"] = false,
            });
        });
        File.WriteAllText(Config.Path, FileComment + "\n" + Config.Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", Config.Path]);
        Http = NvrHttp.Create(Config);
        await NvrHealth.WaitAsync(Http, Wait);
    }

    /// <summary>Adds <see cref="Sim"/> by ONVIF (once); returns the 201 body.</summary>
    public async Task<JsonElement> AddCameraAsync()
    {
        await _addGate.WaitAsync();
        try
        {
            if (_added is { } done) return done;
            using var response = await Http.PostAsJsonAsync("api/cameras", new
            {
                Onvif = Sim.HostPort, Username = Sim.Options.Username, Password = Sim.Options.Password, Id = "front", Name = "Front door", Transport = "tcp",
            });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(201 == (int)response.StatusCode, $"POST /api/cameras: {(int)response.StatusCode} {text}\n{Nvr.Output}");
            _added = JsonDocument.Parse(text).RootElement.Clone();
            return _added.Value;
        }
        finally
        {
            _addGate.Release();
        }
    }

    public async Task<JsonElement> CameraAsync(string id) => await Http.GetFromJsonAsync<JsonElement>($"api/cameras/{id}");

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Nvr is not null) await Nvr.DisposeAsync();
        if (Sim is not null) await Sim.DisposeAsync();
        if (SimBehind is not null) await SimBehind.DisposeAsync();
        if (Camera is not null) await Camera.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        Config?.Dispose();
    }
}
