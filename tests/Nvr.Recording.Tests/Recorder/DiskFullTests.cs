using Nvr.Media.Mp4;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Tests.Support;
using Nvr.Streaming.Events;

namespace Nvr.Recording.Tests.Recorder;

public sealed class DiskFullTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly DateTime T0 = RecorderHarness.T0.UtcDateTime;

    public void Dispose() => _temp.Dispose();

    private static async Task<T> NextEventAsync<T>(RecorderHarness h) where T : NvrEvent
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var e = await h.Events.Reader.ReadAsync(cts.Token);
            if (e is T t) return t;
        }
    }

    [Fact]
    public async Task Enospc_pauses_with_an_event_leaves_no_torn_file_and_resumes_when_space_returns()
    {
        var fs = new FaultyFileSystem();
        await using var h = new RecorderHarness(_temp.Path, files: fs);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        var units = cam.Frames(0, 750).ToList(); // 30 s
        int i = 0;
        for (; units[i].At < TimeSpan.FromSeconds(12.5); i++) await h.PublishAsync(units[i].At, units[i].Unit);
        fs.Full = true;
        while (fs.Failures == 0) await h.PublishAsync(units[i].At, units[i++].Unit);
        var paused = await NextEventAsync<RecordingPaused>(h);
        Assert.True(paused.Paused);
        Assert.Equal("disk_full", paused.Reason);
        Assert.Equal("cam1/main/2024-05-01/12-00-10Z.mp4", h.Recorder.GetStatus() is { Paused: true } ? h.Segments()[^1].Id : "not paused");

        // The camera goes on meanwhile (its units carry their own wallclock); nobody records it.
        for (; units[i].At < TimeSpan.FromSeconds(20); i++) h.Feed.Publish(units[i].Unit);
        // Space returns; the recorder checks again after ResumeCheckInterval and starts from the feed's last GOP (19 s).
        fs.Full = false;
        var armed = DateTime.UtcNow.AddSeconds(10);
        while (!h.Recorder.IsWaitingForRetry && DateTime.UtcNow < armed) await Task.Delay(5);
        h.Clock.Advance(h.Options.ResumeCheckInterval);
        var resumed = await NextEventAsync<RecordingPaused>(h);
        Assert.False(resumed.Paused);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Feed.ReaderCount == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
        await h.WaitHandledAsync();
        for (; i < units.Count; i++) await h.PublishAsync(units[i].At, units[i].Unit);
        await h.StopAsync();

        var rows = h.Segments();
        Assert.Equal(4, rows.Count); // 0–10, 10–12 (cut back to the last whole fragment), 19–29, 29–30
        Assert.Equal(T0.AddSeconds(12), rows[1].End); // the fragment that failed (12–13 s) is gone, nothing torn remains
        Assert.Equal(SegmentStartReason.DiskFull, rows[2].StartReason);
        var gap = Assert.Single(h.Index.Snapshot().Gaps);
        Assert.Equal((T0.AddSeconds(12), T0.AddSeconds(19), SegmentStartReason.DiskFull), (gap.Start, gap.End, gap.Reason));
        Assert.Equal((T0.AddSeconds(19), T0.AddSeconds(30)), (rows[2].Start, rows[3].End));
        foreach (var r in rows)
        {
            var bytes = File.ReadAllBytes(SegmentPath.ToFullPath(h.RecordingsDir, r.Id));
            Assert.Equal(r.Bytes, bytes.Length);
            Assert.Equal(Mp4ReadStatus.Complete, Mp4Reader.Read(bytes).Status);
            Assert.Equal(SegmentScanStatus.Complete, SegmentScanner.Scan(h.RecordingsDir, r.Id, repair: false).Status);
        }
    }
}
