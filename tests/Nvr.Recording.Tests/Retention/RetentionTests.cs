using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Tests.Support;
using Nvr.Streaming.Events;

namespace Nvr.Recording.Tests.Retention;

public sealed class RetentionTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly DateTime T0 = RecorderHarness.T0.UtcDateTime;

    public void Dispose() => _temp.Dispose();

    /// <summary>Records 45 s of cam1/main: 12-00-00, -10, -20, -30 (10 s each) and -40 (5 s).</summary>
    private async Task<RecorderHarness> RecordAsync(RecordingOptions? options = null)
    {
        var h = new RecorderHarness(_temp.Path, options);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 1125));
        await h.StopAsync();
        Assert.Equal(5, h.Segments().Count);
        return h;
    }

    private static string[] Ids(IEnumerable<SegmentRecord> rows) => rows.Select(r => r.Id[^10..]).ToArray();

    [Fact]
    public async Task Max_age_deletes_exactly_the_segments_that_ended_before_the_cutoff()
    {
        await using var h = await RecordAsync();
        h.Options.Cameras["cam1"] = new CameraRetentionOptions { MaxAgeDays = 1 };
        h.Clock.AdvanceTo(RecorderHarness.T0, TimeSpan.FromDays(1) + TimeSpan.FromSeconds(25));
        var retention = new RetentionService(h.Options, h.Index, h.Bus, h.Clock);
        var result = retention.RunOnce();

        Assert.Equal(["00-00Z.mp4", "00-10Z.mp4"], Ids(result.Deleted.Select(d => d.Segment)));
        Assert.All(result.Deleted, d => Assert.Equal("max_age", d.Reason));
        Assert.Equal(["00-20Z.mp4", "00-30Z.mp4", "00-40Z.mp4"], Ids(h.Segments()));
        Assert.All(result.Deleted, d => Assert.False(File.Exists(SegmentPath.ToFullPath(h.RecordingsDir, d.Segment.Id))));
        var e = Assert.Single(h.DrainEvents().OfType<RecordingsDeleted>());
        Assert.Equal(("cam1", "main", T0, T0.AddSeconds(20), 2, "max_age"), (e.Camera, e.Stream, e.From.UtcDateTime, e.To.UtcDateTime, e.Segments, e.Reason));
    }

    [Fact]
    public async Task Max_bytes_deletes_the_oldest_until_the_camera_fits()
    {
        await using var h = await RecordAsync();
        var rows = h.Segments();
        h.Options.Cameras["cam1"] = new CameraRetentionOptions { MaxBytes = rows.Skip(2).Sum(r => r.Bytes) };
        var result = new RetentionService(h.Options, h.Index, h.Bus, h.Clock).RunOnce();
        Assert.Equal(["00-00Z.mp4", "00-10Z.mp4"], Ids(result.Deleted.Select(d => d.Segment)));
        Assert.All(result.Deleted, d => Assert.Equal("max_bytes", d.Reason));
        Assert.Equal(["00-20Z.mp4", "00-30Z.mp4", "00-40Z.mp4"], Ids(h.Segments()));
        // A second pass has nothing to do.
        Assert.Empty(new RetentionService(h.Options, h.Index, h.Bus, h.Clock).RunOnce().Deleted);
    }

    [Fact]
    public async Task Free_space_floor_deletes_exactly_enough_oldest_segments_and_announces_low_disk()
    {
        await using var h = await RecordAsync();
        // The stream stopped recording minutes ago: no headroom is kept for it, only the floor.
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var rows = h.Segments();
        const long floor = 10_000_000;
        var space = new FakeFreeSpace(h.RecordingsDir, 0);
        space.Capacity = space.Used + floor - rows.Take(3).Sum(r => r.Bytes) + 1; // three oldest must go
        h.Options.MinFreeBytes = floor;
        var retention = new RetentionService(h.Options, h.Index, h.Bus, h.Clock, space);
        var result = retention.RunOnce();
        Assert.True(result.FloorMet);
        Assert.Equal(["00-00Z.mp4", "00-10Z.mp4", "00-20Z.mp4"], Ids(result.Deleted.Select(d => d.Segment)));
        Assert.All(result.Deleted, d => Assert.Equal("free_space", d.Reason));
        Assert.True(space.GetFreeSpace("").FreeBytes >= floor);
        var events = h.DrainEvents();
        var disk = events.OfType<DiskSpaceChanged>().ToList();
        Assert.Equal([true, false], disk.Select(d => d.Low));
        Assert.Equal(floor, disk[0].ThresholdBytes);
        Assert.Equal(3, events.OfType<RecordingsDeleted>().Sum(d => d.Segments));
    }

    [Fact]
    public async Task A_recording_stream_gets_one_segment_of_headroom_above_the_floor()
    {
        await using var h = await RecordAsync();
        var rows = h.Segments();
        // The three newest final segments: the larger of their biggest size and highest byte
        // rate × the 10 s segment length, plus a quarter.
        var newest = rows.OrderByDescending(r => r.StartTicks).Take(3).ToList();
        double expected = Math.Max(newest.Max(r => r.Bytes), newest.Max(r => r.Bytes / r.Duration.TotalSeconds) * h.Options.SegmentDuration.TotalSeconds);
        long headroom = (long)Math.Ceiling(expected * RetentionService.HeadroomMargin);
        Assert.True(headroom > 0);
        const long floor = 10_000_000;
        var space = new FakeFreeSpace(h.RecordingsDir, 0);
        // Above the floor, but one byte short of a segment more: the oldest file must go, and only that one.
        space.Capacity = space.Used + floor + headroom - 1;
        h.Options.MinFreeBytes = floor;
        var retention = new RetentionService(h.Options, h.Index, h.Bus, h.Clock, space, h.Storage);
        var result = retention.RunOnce();
        Assert.True(result.FloorMet);
        Assert.Equal(headroom, h.Storage.Headroom);
        Assert.Equal(["00-00Z.mp4"], Ids(result.Deleted.Select(d => d.Segment)));
        Assert.True(space.GetFreeSpace("").FreeBytes >= floor + headroom);
        Assert.Empty(h.DrainEvents().OfType<DiskSpaceChanged>()); // the floor itself was never crossed
        Assert.False(h.Storage.IsPaused);
    }

    [Fact]
    public async Task When_the_floor_cannot_be_met_recording_is_paused_until_space_returns()
    {
        await using var h = await RecordAsync();
        var space = new FakeFreeSpace(h.RecordingsDir, 0);
        h.Options.MinFreeBytes = 1_000_000;
        space.Capacity = 500_000; // less than the floor even when empty
        var retention = new RetentionService(h.Options, h.Index, h.Bus, h.Clock, space, h.Storage);
        var result = retention.RunOnce();
        Assert.False(result.FloorMet);
        Assert.Equal(5, result.Deleted.Count);
        Assert.True(h.Storage.IsPaused);
        space.Capacity = 100_000_000;
        Assert.True(retention.RunOnce().FloorMet);
        Assert.False(h.Storage.IsPaused);
    }

    [Fact]
    public async Task An_open_segment_is_never_deleted()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 300)); // one final file, one open
        var space = new FakeFreeSpace(h.RecordingsDir, 1); // hopeless
        h.Options.MinFreeBytes = 1;
        var result = new RetentionService(h.Options, h.Index, h.Bus, h.Clock, space).RunOnce();
        var open = Assert.Single(h.Segments());
        Assert.Equal(SegmentState.Open, open.State);
        Assert.True(File.Exists(SegmentPath.ToFullPath(h.RecordingsDir, open.Id)));
        Assert.Single(result.Deleted);
        await h.StopAsync();
    }
}
