using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Mqtt;

namespace Nvr.MqttGlue;

/// <summary>Payload of <c>&lt;prefix&gt;/stats</c>: process usage from /proc, disk, per-camera rates.</summary>
public sealed class NvrMqttStatsSource(NvrOptions options, NvrState state, CameraManager cameras, TimeProvider time) : IMqttStatsSource
{
    private readonly ProcessUsageSampler _usage = new(time);

    public MqttStats GetStats()
    {
        var (cpu, rss) = _usage.Sample();
        return new MqttStats(time.GetUtcNow() - state.StartedUtc, cpu, rss, Disk(), cameras.Streams
            .Where(s => s.Name == "main")
            .Select(s =>
            {
                var feed = s.Feed.GetStatistics();
                return new MqttCameraStats(s.Camera.Id, Math.Round(feed.BitsPerSecond / 1000, 1), Math.Round(feed.FramesPerSecond, 2),
                    s.Statistics.UnitsDropped + s.Statistics.PacketsLost, s.Supervisor.Status.Reconnects);
            }).ToList());
    }

    private MqttDiskStats? Disk()
    {
        var dir = options.ResolvedRecordingsDir;
        try
        {
            Directory.CreateDirectory(dir);
            var drive = new DriveInfo(dir);
            long used = 0;
            foreach (var f in new DirectoryInfo(dir).EnumerateFiles("*.mp4", SearchOption.AllDirectories)) used += f.Length;
            return new MqttDiskStats(drive.TotalSize, drive.AvailableFreeSpace, used);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
