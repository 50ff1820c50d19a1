using Nvr.Media.Mp4;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Tests.Support;
using Nvr.Streaming.Events;

namespace Nvr.Recording.Tests.Recorder;

public sealed class StreamRecorderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly DateTime T0 = RecorderHarness.T0.UtcDateTime;

    public void Dispose() => _temp.Dispose();

    private static string Table(IEnumerable<SegmentRecord> rows) => string.Join("\n", rows.Select(r =>
        $"{r.Id} {r.Start:HH:mm:ss.fffffff}-{r.End:HH:mm:ss.fffffff} frames={r.Frames} frags={r.Fragments} {r.StartReason.ToName()} {r.Flags} {r.State}"));

    [Fact]
    public async Task Records_ten_second_segments_with_an_exact_table_and_continuous_times()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 875)); // 35 s
        await h.StopAsync();

        var rows = h.Segments();
        Assert.Equal(
            """
            cam1/main/2024-05-01/12-00-00Z.mp4 12:00:00.0000000-12:00:10.0000000 frames=250 frags=10 startup ClockSynchronised Final
            cam1/main/2024-05-01/12-00-10Z.mp4 12:00:10.0000000-12:00:20.0000000 frames=250 frags=10 continuation ClockSynchronised Final
            cam1/main/2024-05-01/12-00-20Z.mp4 12:00:20.0000000-12:00:30.0000000 frames=250 frags=10 continuation ClockSynchronised Final
            cam1/main/2024-05-01/12-00-30Z.mp4 12:00:30.0000000-12:00:35.0000000 frames=125 frags=5 continuation ClockSynchronised Final
            """.ReplaceLineEndings("\n"), Table(rows));
        Assert.Empty(h.Index.Snapshot().Gaps);
        foreach (var r in rows)
        {
            var path = SegmentPath.ToFullPath(h.RecordingsDir, r.Id);
            Assert.Equal(new FileInfo(path).Length, r.Bytes);
            var table = h.Index.GetFragments(r.Id)!;
            Assert.Equal(r.Fragments, table.Length);
            Assert.All(table, f => Assert.True(f.Keyframe));
            Assert.Equal(r.Bytes, table[^1].End);
            // Every fragment's prft wallclock agrees with the row's time mapping.
            var read = Mp4Reader.Read(File.ReadAllBytes(path));
            Assert.Equal(Mp4ReadStatus.Complete, read.Status);
            foreach (var f in read.Fragments) Assert.Equal(r.WallTime(f.Reference!.Samples[0].PresentationTime), f.WallClock);
        }
    }

    [Fact]
    public async Task Index_equals_a_fresh_scan_and_a_deleted_database_is_rebuilt_identically()
    {
        IndexSnapshot before;
        var options = RecorderHarness.Recording(_temp.Path);
        await using (var h = new RecorderHarness(_temp.Path, options))
        {
            var cam = new SyntheticCamera(T0);
            h.Feed.SetDescription(cam.Description());
            await h.StartAsync();
            await h.PublishAllAsync(cam.Frames(0, 400));
            await h.OfflineAsync(); // a camera gap
            h.Feed.SetDescription(cam.Description());
            await h.PublishAllAsync(new SyntheticCamera(T0.AddSeconds(30)).Frames(0, 300), TimeSpan.FromSeconds(30));
            await h.StopAsync();
            before = h.Index.Snapshot();
        }
        Assert.Single(before.Gaps);
        Assert.Equal(SegmentStartReason.CameraOffline, before.Gaps[0].Reason);
        Assert.Equal(T0.AddSeconds(16), before.Gaps[0].Start);
        Assert.Equal(T0.AddSeconds(30), before.Gaps[0].End);

        File.Delete(Path.Combine(_temp.Path, "nvr.db"));
        using var db = IndexDatabase.Open(Path.Combine(_temp.Path, "nvr.db"), TimeProvider.System);
        var index = new RecordingIndex(db);
        var report = new RecoveryScanner(index, options.RecordingsDir).Run();
        Assert.Equal(before.Segments.Count, report.FilesIndexed);
        Assert.Equal(before.Describe(), index.Snapshot().Describe());
    }

    [Fact]
    public async Task A_taken_name_gets_a_suffix_and_the_existing_file_is_untouched()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var squatter = SegmentPath.ToFullPath(h.RecordingsDir, "cam1/main/2024-05-01/12-00-00Z.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(squatter)!);
        File.WriteAllText(squatter, "not ours");
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 100));
        await h.StopAsync();
        Assert.Equal("not ours", File.ReadAllText(squatter));
        Assert.Equal(["cam1/main/2024-05-01/12-00-00Z-2.mp4"], h.Segments().Select(s => s.Id));
    }

    [Theory]
    [InlineData(+1)]
    [InlineData(-1)]
    public async Task A_clock_step_ends_the_file_and_never_overlaps(int hours)
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 625)); // 25 s
        h.Clock.WallOffset = TimeSpan.FromHours(hours); // the ingest's wallclocks stay on the old anchor
        await h.PublishAllAsync(cam.Frames(625, 1000)); // to 40 s
        await h.StopAsync();

        var rows = h.Segments();
        string second = hours > 0
            ? """
              cam1/main/2024-05-01/13-00-25Z.mp4 13:00:25.0000000-13:00:35.0000000 frames=250 frags=10 clock_jump ClockSynchronised Final
              cam1/main/2024-05-01/13-00-35Z.mp4 13:00:35.0000000-13:00:40.0000000 frames=125 frags=5 continuation ClockSynchronised Final
              """
            : """
              cam1/main/2024-05-01/12-00-25Z.mp4 12:00:25.0000000-12:00:35.0000000 frames=250 frags=10 clock_jump ClockSynchronised, TimeAdjusted Final
              cam1/main/2024-05-01/12-00-35Z.mp4 12:00:35.0000000-12:00:40.0000000 frames=125 frags=5 continuation ClockSynchronised, TimeAdjusted Final
              """;
        Assert.Equal(
            ("""
            cam1/main/2024-05-01/12-00-00Z.mp4 12:00:00.0000000-12:00:10.0000000 frames=250 frags=10 startup ClockSynchronised Final
            cam1/main/2024-05-01/12-00-10Z.mp4 12:00:10.0000000-12:00:20.0000000 frames=250 frags=10 continuation ClockSynchronised Final
            cam1/main/2024-05-01/12-00-20Z.mp4 12:00:20.0000000-12:00:25.0000000 frames=125 frags=5 continuation ClockSynchronised Final

            """ + second).ReplaceLineEndings("\n"), Table(rows));
        for (int i = 1; i < rows.Count; i++) Assert.True(rows[i].StartTicks >= rows[i - 1].EndTicks);
        var gaps = h.Index.Snapshot().Gaps;
        if (hours > 0)
        {
            var gap = Assert.Single(gaps);
            Assert.Equal((T0.AddSeconds(25), T0.AddSeconds(25).AddHours(1), SegmentStartReason.ClockJump), (gap.Start, gap.End, gap.Reason));
            Assert.Contains(h.DrainEvents().OfType<RecordingGap>(), g => g.Reason == "clock_jump");
        }
        else
        {
            Assert.Empty(gaps);
        }
    }

    [Fact]
    public async Task Local_time_and_dst_do_not_matter()
    {
        var start = new DateTimeOffset(2024, 3, 31, 0, 59, 50, TimeSpan.Zero); // Europe/Berlin springs forward at 01:00 UTC
        var clock = new SteppableClock(start);
        clock.Inner.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        await using var h = new RecorderHarness(_temp.Path, clock: clock);
        var cam = new SyntheticCamera(start.UtcDateTime);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        foreach (var (at, unit) in cam.Frames(0, 500))
        {
            clock.AdvanceTo(start, at);
            Assert.True(h.Feed.Publish(unit));
            await h.WaitHandledAsync();
        }
        await h.StopAsync();
        Assert.Equal(
            ["cam1/main/2024-03-31/00-59-50Z.mp4", "cam1/main/2024-03-31/01-00-00Z.mp4"],
            h.Segments().Select(s => s.Id));
        Assert.Equal(start.UtcDateTime.AddSeconds(20), h.Segments()[^1].End);
    }

    [Fact]
    public async Task Unsynchronised_clock_is_flagged_and_a_sync_change_starts_a_new_file_without_gap()
    {
        var sync = new Nvr.Recording.Time.FixedClockSyncState(false);
        await using var h = new RecorderHarness(_temp.Path, clockSync: sync);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 100));
        sync.IsSynchronised = true;
        await h.PublishAllAsync(cam.Frames(100, 200));
        await h.StopAsync();
        Assert.Equal(
            """
            cam1/main/2024-05-01/12-00-00Z.mp4 12:00:00.0000000-12:00:04.0000000 frames=100 frags=4 startup None Final
            cam1/main/2024-05-01/12-00-04Z.mp4 12:00:04.0000000-12:00:08.0000000 frames=100 frags=4 continuation ClockSynchronised Final
            """.ReplaceLineEndings("\n"), Table(h.Segments()));
    }

    [Fact]
    public async Task Switching_off_closes_the_file_and_switching_on_records_a_gap()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 100));
        h.Recorder.SetEnabled(false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Feed.ReaderCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.Equal(SegmentState.Final, Assert.Single(h.Segments()).State);
        foreach (var (at, unit) in cam.Frames(100, 250))
        {
            h.Clock.AdvanceTo(RecorderHarness.T0, at);
            h.Feed.Publish(unit); // nobody records
        }
        h.Recorder.SetEnabled(true);
        while (h.Feed.ReaderCount == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
        await h.PublishAllAsync(cam.Frames(250, 350));
        await h.StopAsync();
        var rows = h.Segments();
        Assert.Equal(2, rows.Count);
        var gap = Assert.Single(h.Index.Snapshot().Gaps);
        // Switching on starts from the feed's last-GOP cache: the keyframe at 9 s.
        Assert.Equal((T0.AddSeconds(4), T0.AddSeconds(9), SegmentStartReason.RecordingDisabled), (gap.Start, gap.End, gap.Reason));
    }

    [Fact]
    public async Task A_camera_gap_inside_a_run_ends_the_file_instead_of_stretching_a_frame()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 100));   // 0–4 s
        await h.PublishAllAsync(cam.Frames(250, 350)); // 10–14 s: nothing arrived for 6 s
        await h.StopAsync();
        Assert.Equal(
            """
            cam1/main/2024-05-01/12-00-00Z.mp4 12:00:00.0000000-12:00:04.0000000 frames=100 frags=4 startup ClockSynchronised Final
            cam1/main/2024-05-01/12-00-10Z.mp4 12:00:10.0000000-12:00:14.0000000 frames=100 frags=4 camera_gap ClockSynchronised Final
            """.ReplaceLineEndings("\n"), Table(h.Segments()));
        var gap = Assert.Single(h.Index.Snapshot().Gaps);
        Assert.Equal((T0.AddSeconds(4), T0.AddSeconds(10), "camera_gap"), (gap.Start, gap.End, gap.ReasonName));
    }

    [Fact]
    public async Task A_codec_change_starts_a_new_file_that_joins_the_previous_one()
    {
        await using var h = new RecorderHarness(_temp.Path);
        var cam = new SyntheticCamera(T0);
        h.Feed.SetDescription(cam.Description());
        await h.StartAsync();
        await h.PublishAllAsync(cam.Frames(0, 100));
        h.Feed.SetDescription(cam.Description(width: 1920)); // new SPS values on the same run
        await h.PublishAllAsync(cam.Frames(100, 200));
        await h.StopAsync();
        var rows = h.Segments();
        Assert.Equal(2, rows.Count);
        Assert.Equal((1280, 1920), (rows[0].Width, rows[1].Width));
        Assert.Equal(SegmentStartReason.CodecChange, rows[1].StartReason);
        Assert.Equal(rows[0].EndTicks, rows[1].StartTicks);
        Assert.Empty(h.Index.Snapshot().Gaps);
    }
}
