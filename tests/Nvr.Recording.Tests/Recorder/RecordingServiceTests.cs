using Nvr.Recording.Index;
using Nvr.Recording.Tests.Support;
using Nvr.Recording.Time;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Recording.Tests.Recorder;

public sealed class RecordingServiceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Service_recovers_records_switches_per_camera_and_closes_files_on_shutdown()
    {
        var options = RecorderHarness.Recording(_temp.Path);
        var clock = new SteppableClock(RecorderHarness.T0);
        using var db = IndexDatabase.Open(Path.Combine(_temp.Path, "nvr.db"), clock);
        var bus = new EventBus();
        using var events = bus.Subscribe("test", 1000);
        var space = new FakeFreeSpace(options.RecordingsDir, 1L << 40);
        var service = new RecordingService(options, db, bus, clock, new FixedClockSyncState(true), space);
        var feed = new Feed("front/main", timeProvider: clock);
        var recorder = service.AddStream("front", "main", feed);
        Assert.True(service.IsRecording("front"));

        using var cts = new CancellationTokenSource();
        var run = service.RunAsync(cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (feed.ReaderCount == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.NotNull(service.Recovery);

        var cam = new SyntheticCamera(RecorderHarness.T0.UtcDateTime);
        feed.SetDescription(cam.Description());
        foreach (var (at, unit) in cam.Frames(0, 300))
        {
            clock.AdvanceTo(RecorderHarness.T0, at);
            feed.Publish(unit);
        }
        while (!recorder.IsIdle && DateTime.UtcNow < deadline) await Task.Delay(5);

        Assert.True(service.SetRecording("front", false, "test"));
        Assert.False(service.SetRecording("nobody", false));
        Assert.False(service.IsRecording("front"));
        var changed = Assert.IsType<RecordingChanged>(await events.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));
        Assert.Equal(("front", false, "test"), (changed.Camera, changed.Recording, changed.Reason));
        while (feed.ReaderCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(5);

        await cts.CancelAsync();
        await run;
        var rows = service.Index.StreamSegments("front", "main");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(SegmentState.Final, r.State));
        var storage = service.GetStorage();
        Assert.Equal(rows.Sum(r => r.Bytes), Assert.Single(storage.Cameras).Bytes);
        Assert.Equal(1L << 40, storage.VolumeTotalBytes);
        Assert.Single(service.GetRecordings("front", null, RecorderHarness.T0.UtcDateTime, RecorderHarness.T0.UtcDateTime.AddMinutes(1)).Spans);
    }
}
