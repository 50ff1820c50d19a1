using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.EndToEnd.Tests.Recording;

/// <summary>
/// Recording into a small filesystem the test mounts (tmpfs, size=16m): retention deletes ahead
/// (one segment of headroom above the floor) so free space never dips below the floor and the
/// recording never stops; when the floor cannot be met (a foreign file fills the disk) recording
/// pauses with an event and resumes when space returns.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const long Floor = 4L * 1024 * 1024;

    [Fact]
    public async Task Small_disk_stays_above_the_floor_pauses_when_it_cannot_and_resumes()
    {
        using var config = new NvrConfig();
        var mount = Directory.CreateDirectory(Path.Combine(config.Dir, "rec")).FullName;
        var mounted = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], TimeSpan.FromSeconds(10));
        Assert.True(mounted.ExitCode == 0, "mounting a tmpfs needs root: " + mounted.StandardError);
        try
        {
            await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions { Width = 640, Height = 360, Fps = 15, Gop = 15, BitrateKbps = 3000, Pattern = "snow", Audio = CameraAudio.Aac });
            config.Json["RecordingsDir"] = mount;
            config.Json["Recording"] = new JsonObject { ["SegmentSeconds"] = 3, ["MinFreeBytes"] = Floor, ["MinFreePercent"] = 0 };
            config.Json["Cameras"] = new JsonArray(new JsonObject { ["Id"] = "cam", ["Url"] = camera.Url(withCredentials: false), ["Transport"] = "tcp" });
            config.Json["Mqtt"]!["Broker"]!["Port"] = config.MqttPort;
            config.Save();
            await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
            using var http = config.CreateHttpClient();
            await NvrHealth.WaitAsync(http, TimeSpan.FromSeconds(20));
            await using var events = TestProcess.Start("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", $"{config.MqttPort}", "-i", "disk-test", "-t", "nvr/events", "-v"]);

            // Phase 1: ~40 s at ~3 Mb/s is 15 MB, far more than the 12 MB above the floor.
            var drive = new DriveInfo(mount);
            long lowest = long.MaxValue;
            var until = DateTime.UtcNow.AddSeconds(40);
            while (DateTime.UtcNow < until)
            {
                lowest = Math.Min(lowest, new DriveInfo(mount).AvailableFreeSpace);
                await Task.Delay(250);
            }
            var storage = await http.GetFromJsonAsync<JsonElement>("api/storage");
            var recordings = await http.GetFromJsonAsync<JsonElement>("api/recordings?camera=cam&stream=main");
            var gaps = recordings.GetProperty("gaps").EnumerateArray().ToList();
            output.WriteLine($"phase 1: {storage.GetProperty("recordingsBytes").GetInt64() / 1024} KiB kept, lowest free {lowest / 1024} KiB (floor {Floor / 1024} KiB), {storage.GetProperty("cameras")[0].GetProperty("segments").GetInt32()} segments kept, {gaps.Count} gaps");
            Assert.Contains(events.Lines, l => l.Text.Contains("\"retention\"", StringComparison.Ordinal));
            // Retention keeps one segment's expected bytes free above the floor before each file
            // starts, so the file being written never takes free space below the floor.
            Assert.True(lowest >= Floor, $"free space fell to {lowest} bytes, {(Floor - lowest) / 1024} KiB under the floor");
            // Deletable footage existed all along: no pause, no gap longer than one segment.
            Assert.DoesNotContain(events.Lines, l => l.Text.Contains("\"recording_paused\"", StringComparison.Ordinal));
            Assert.All(gaps, g => Assert.True(g.GetProperty("durationSeconds").GetDouble() <= 3, $"recording paused for {g}"));

            // Phase 2: a foreign file keeps taking whatever space there is. Retention first deletes
            // the old footage (the floor wins over history); once nothing is left to delete, the
            // floor cannot be met and recording pauses.
            var filler = Path.Combine(mount, "filler.bin");
            await using (var f = new FileStream(filler, FileMode.CreateNew))
            {
                var block = new byte[256 * 1024];
                var deadline = DateTime.UtcNow.AddSeconds(45);
                while (!events.Lines.Any(l => l.Text.Contains("\"recording_paused\"") && l.Text.Contains("\"type\":\"new\"")))
                {
                    Assert.True(DateTime.UtcNow < deadline, "recording did not pause although the disk stayed full");
                    try
                    {
                        await f.WriteAsync(block);
                        await f.FlushAsync();
                    }
                    catch (IOException)
                    {
                        await Task.Delay(200); // full: wait for retention to free something, then take it too
                    }
                }
            }
            File.Delete(filler);
            await events.WaitForLineAsync(l => l.Contains("\"recording_paused\"") && l.Contains("\"type\":\"end\""), TimeSpan.FromSeconds(30), "recording resumed");

            nvr.Signal(NvrProcess.SIGTERM);
            Assert.Equal(0, await nvr.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            foreach (var file in Directory.EnumerateFiles(mount, "*.mp4", SearchOption.AllDirectories))
            {
                Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(file));
            }
            var paused = events.Lines.First(l => l.Text.Contains("\"recording_paused\"")).Text;
            output.WriteLine("event: " + paused);
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", ["-l", mount], TimeSpan.FromSeconds(10));
        }
    }
}
