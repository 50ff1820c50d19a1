using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// A temporary data directory and config file with free loopback ports and one user with a random
/// password (nvr has no anonymous access by default); <see cref="CreateHttpClient"/> signs in as the
/// first configured user.
/// </summary>
public sealed class NvrConfig : IDisposable
{
    public NvrConfig(Action<JsonObject>? customize = null)
    {
        Dir = Directory.CreateTempSubdirectory("nvr-e2e-").FullName;
        var ports = FreePorts.Take(4);
        (HttpPort, RtspPort, RtmpPort, MqttPort) = (ports[0], ports[1], ports[2], ports[3]);
        Json = new JsonObject
        {
            ["DataDir"] = System.IO.Path.Combine(Dir, "data"),
            ["Http"] = new JsonObject { ["Port"] = HttpPort, ["Address"] = "127.0.0.1" },
            ["Rtsp"] = new JsonObject { ["Port"] = RtspPort, ["Address"] = "127.0.0.1" },
            ["Rtmp"] = new JsonObject { ["Port"] = RtmpPort, ["Address"] = "127.0.0.1" },
            ["Cameras"] = new JsonArray(),
            ["Users"] = new JsonArray(new JsonObject { ["Name"] = "e2e", ["Password"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) }),
            // The embedded MQTT broker on a free loopback port, so parallel instances never collide.
            ["Mqtt"] = new JsonObject { ["Broker"] = new JsonObject { ["Port"] = MqttPort, ["BindAddress"] = "127.0.0.1" } },
        };
        customize?.Invoke(Json);
        Save();
    }

    public string Dir { get; }
    public string Path => System.IO.Path.Combine(Dir, "nvr.json");
    public JsonObject Json { get; }
    public int HttpPort { get; }
    public int RtspPort { get; }
    public int RtmpPort { get; }
    public int MqttPort { get; }
    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>The first configured user (tests may replace <c>Users</c> in <c>customize</c>).</summary>
    public NetworkCredential Credential
    {
        get
        {
            var user = Json["Users"]?.AsArray().FirstOrDefault() ?? throw new InvalidOperationException("the config has no Users");
            return new NetworkCredential((string?)user["Name"], (string?)user["Password"]);
        }
    }

    /// <summary>An HTTP client for the API that answers nvr's Digest challenge as <see cref="Credential"/>.</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { Credentials = Credential, PreAuthenticate = true })
        {
            BaseAddress = HttpBase,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };

    public void Save() => File.WriteAllText(Path, Json.ToJsonString());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
