using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;

namespace Nvr.EndToEnd.Tests.Aot;

/// <summary>
/// A bad configuration stops the published binary with exit code 78 (EX_CONFIG) and exactly one
/// line on stderr naming the key (or the file) and the problem.
/// </summary>
public sealed class BadConfigTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "port-range", "Http:Port", "out of range" },
        { "duplicate-id", "Cameras:1:Id", "duplicate camera id 'cam'" },
        { "bad-url", "Cameras:0:Url", "rtsp://" },
        { "rtsp-multicast-ttl", "Rtsp:Multicast:Ttl", "must be 1-255" },
        { "malformed", "nvr.json", "malformed JSON" },
        { "missing", "absent.json", "not found" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_config_exits_78_with_one_line_naming_the_key(string kind, string key, string problem)
    {
        using var config = new NvrConfig();
        string path = config.Path;
        switch (kind)
        {
            case "port-range":
                config.Json["Http"]!["Port"] = 70000;
                config.Save();
                break;
            case "duplicate-id":
                config.Json["Cameras"] = new JsonArray(
                    new JsonObject { ["Id"] = "cam", ["Url"] = "rtsp://127.0.0.1:1/a" },
                    new JsonObject { ["Id"] = "cam", ["Url"] = "rtsp://127.0.0.1:1/b" });
                config.Save();
                break;
            case "bad-url":
                config.Json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "cam", ["Url"] = "http://user:hunter2@127.0.0.1/a" });
                config.Save();
                break;
            case "rtsp-multicast-ttl":
                config.Json["Rtsp"]!["Multicast"] = new JsonObject { ["Ttl"] = 300 };
                config.Save();
                break;
            case "malformed":
                File.WriteAllText(path, "{ \"Http\": { \"Port\": 8080 ");
                break;
            case "missing":
                path = Path.Combine(config.Dir, "absent.json");
                break;
        }

        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", path]);
        var code = await nvr.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(78, code);
        var lines = nvr.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(key, line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_accepts_the_shipped_default_file()
    {
        var shipped = Path.Combine(NvrBinary.RepoRoot, "rootfs", "etc", "nvr", "nvr.json");
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--check-config", "--config", shipped]);
        Assert.Equal(0, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("configuration ok", nvr.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nvr_config_environment_variable_selects_the_file()
    {
        using var config = new NvrConfig();
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--check-config"], new Dictionary<string, string> { ["NVR_CONFIG"] = config.Path });
        Assert.Equal(0, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(config.Path, nvr.Output, StringComparison.Ordinal);
    }
}
