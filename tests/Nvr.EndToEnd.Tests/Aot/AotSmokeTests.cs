using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Nvr.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Aot;

/// <summary>
/// The shipped artifact is the Native-AOT binary: these tests run it (x64 natively, arm64 under
/// qemu-user) and check the service contract: READY=1 on NOTIFY_SOCKET after the listeners are
/// bound, /healthz, a LiteDB write/read round trip across restarts, WATCHDOG pings, SIGTERM → 0.
/// </summary>
public sealed class AotSmokeTests(ITestOutputHelper output)
{
    public static TheoryData<string> Rids => new() { "linux-x64", "linux-arm64" };

    [Theory]
    [MemberData(nameof(Rids))]
    public async Task Published_binary_starts_notifies_serves_and_stops(string rid)
    {
        using var config = new NvrConfig();
        using var http = config.CreateHttpClient(TimeSpan.FromSeconds(10));

        for (int boot = 1; boot <= 2; boot++)
        {
            using var notify = new NotifySocket();
            var env = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "400000" };
            var clock = Stopwatch.StartNew();
            await using var nvr = NvrProcess.Start(rid, ["--config", config.Path], env);

            Assert.True(await notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(60)), "no READY=1\n" + nvr.Output);
            output.WriteLine($"{rid} boot {boot}: exec → READY=1 in {clock.ElapsedMilliseconds} ms");

            // READY means the HTTP listener is bound and answering.
            using var health = await http.GetAsync("healthz");
            Assert.Equal(200, (int)health.StatusCode);
            using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
            Assert.True(doc.RootElement.GetProperty("database").GetProperty("schemaVersion").GetInt32() >= 1, "schema version missing");
            // The boot counter is written to LiteDB and read back through a query, in this process
            // and across processes: the explicit BsonDocument mapping works in the AOT binary.
            Assert.Equal(boot, doc.RootElement.GetProperty("database").GetProperty("boots").GetInt64());

            var version = await http.GetFromJsonAsync<JsonElement>("api/version");
            Assert.Equal("nvr", version.GetProperty("name").GetString());
            Assert.Equal(rid == "linux-arm64" ? "arm64" : "x64", version.GetProperty("architecture").GetString());

            Assert.True(await notify.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(10)), "no WATCHDOG=1\n" + nvr.Output);

            var rss = ReadRssKiB(nvr.Pid);
            output.WriteLine($"{rid} boot {boot}: RSS {rss} KiB (qemu included for arm64)");

            clock.Restart();
            nvr.Signal(NvrProcess.SIGTERM);
            Assert.True(await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(5)), "no STOPPING=1\n" + nvr.Output);
            var code = await nvr.WaitForExitAsync(TimeSpan.FromSeconds(5));
            Assert.True(code is not null, "did not exit within 5 s of SIGTERM\n" + nvr.Output);
            Assert.Equal(0, code);
            output.WriteLine($"{rid} boot {boot}: SIGTERM → exit in {clock.ElapsedMilliseconds} ms");
        }
    }

    private static long ReadRssKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
        }
        return -1;
    }
}
