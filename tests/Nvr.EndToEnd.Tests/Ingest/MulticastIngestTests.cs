using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Ingest;

/// <summary>
/// transport=multicast between two test hosts (network namespaces this test creates): the camera
/// in one, the published nvr in the other. No multicast leaves them.
/// </summary>
public sealed class MulticastIngestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Camera_stream_is_ingested_over_multicast_between_two_namespaces()
    {
        await using var hosts = await NetworkNamespacePair.CreateAsync();
        var script = TestPaths.Fixture("fake_camera.py");
        var (camFile, camArgs) = NetworkNamespacePair.Exec(hosts.NameA, TestPaths.Python, script,
            "--port", "8554", "--address", hosts.AddressA, "--multicast", "--width", "320", "--height", "240", "--audio", "aac", "--mounts", "/cam");
        await using var camera = TestProcess.Start(camFile, camArgs, new TestProcessOptions { Name = "camera" });
        await camera.WaitForLineContainingAsync("LISTENING", TimeSpan.FromSeconds(20));

        using var config = new NvrConfig(json => json["Cameras"] = new JsonArray(new JsonObject
        {
            ["Id"] = "cam",
            ["Url"] = $"rtsp://{hosts.AddressA}:8554/cam",
            ["Transport"] = "multicast",
        }));
        var (nvrFile, nvrArgs) = NetworkNamespacePair.Exec(hosts.NameB, NvrBinary.PathFor(NvrBinary.HostRid), "--config", config.Path);
        await using var nvr = TestProcess.Start(nvrFile, nvrArgs, new TestProcessOptions { Name = "nvr" });
        await nvr.WaitForLineContainingAsync("nvr is ready", TimeSpan.FromSeconds(20));

        JsonElement main = default;
        var login = $"{config.Credential.UserName}:{config.Credential.Password}";
        await WaitFor.ConditionAsync(async () =>
        {
            var r = await ProcessRunner.RunAsync("ip", ["netns", "exec", hosts.NameB, "curl", "-s", "--max-time", "3", "--digest", "-u", login, $"http://127.0.0.1:{config.HttpPort}/api/cameras/cam"], TimeSpan.FromSeconds(10));
            if (r.ExitCode != 0 || r.StandardOutput.Length == 0) return false;
            main = JsonDocument.Parse(r.StandardOutput).RootElement.GetProperty("main").Clone();
            return main.GetProperty("state").GetString() == "online" && main.GetProperty("fps").GetDouble() > 10;
        }, TimeSpan.FromSeconds(30), "camera online over multicast");

        output.WriteLine(main.ToString());
        Assert.Equal("multicast", main.GetProperty("transport").GetString());
        Assert.Equal(320, main.GetProperty("video").GetProperty("width").GetInt32());
        Assert.Equal("aac", main.GetProperty("audio").GetProperty("codec").GetString());
        Assert.True(main.GetProperty("packetsReceived").GetInt64() > 50);
    }
}
