using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedLifecycleTests
{
    [Fact]
    public void Description_change_is_seen_in_order_on_the_first_unit_after_it()
    {
        var feed = new Feed("front/main");
        Assert.Equal(FeedState.Offline, feed.State);
        Assert.Null(feed.Description);
        Assert.True(feed.SetDescription(VideoOnly(width: 1920)));
        Assert.Equal(1, feed.Description!.Version);

        using var reader = feed.OpenReader();
        feed.Publish(Video(0));
        feed.Publish(Video(1));
        Assert.True(feed.SetDescription(VideoOnly(width: 1280) with { Version = 77 })); // caller's version is ignored
        Assert.Equal(2, feed.Description!.Version);
        Assert.Equal(FeedState.Online, feed.State);
        Assert.Equal(1, feed.GetStatistics().Run); // same run
        feed.Publish(Video(25));

        var results = Drain(reader);
        Assert.Equal([0, 1, 25], VideoIndexes(results));
        Assert.Equal([true, false, true], results.Select(r => r.DescriptionChanged));
        Assert.Equal([1, 1, 2], results.Select(r => r.DescriptionVersion));
        Assert.Equal(1920, results[1].Description!.Video!.Width);
        Assert.Equal(1280, results[2].Description!.Video!.Width);
    }

    [Fact]
    public void Description_change_empties_the_gop_cache()
    {
        var feed = OnlineFeed();
        for (var i = 0; i < 5; i++) feed.Publish(Video(i));
        feed.SetDescription(VideoOnly(width: 640));
        Assert.Equal(0, feed.GetStatistics().GopCacheUnits);
        using var reader = feed.OpenReader();
        Assert.False(reader.TryRead(out _));
        feed.Publish(Video(25));
        var results = Drain(reader);
        Assert.Equal([25], VideoIndexes(results));
        Assert.Equal(2, results[0].DescriptionVersion);
    }

    [Fact]
    public void Offline_ends_the_run_in_order_and_the_reader_continues_with_the_next_run_at_a_keyframe()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        feed.Publish(Video(0));
        feed.Publish(Video(1));
        feed.SetOffline();
        feed.SetOffline(); // idempotent
        Assert.Equal(FeedState.Offline, feed.State);
        Assert.False(feed.Publish(Video(2)));
        Assert.Equal(0, feed.GetStatistics().GopCacheUnits);

        Assert.True(feed.SetDescription(VideoOnly(width: 1280))); // camera back, new parameters
        Assert.Equal(FeedState.Online, feed.State);
        Assert.Equal(2, feed.GetStatistics().Run);
        feed.Publish(Video(13)); // a reconnect starts mid-GOP: skipped, not a drop
        feed.Publish(Video(25));

        var results = Drain(reader);
        Assert.Equal(
            [FeedReadStatus.Unit, FeedReadStatus.Unit, FeedReadStatus.Offline, FeedReadStatus.Unit],
            results.Select(r => r.Status));
        Assert.Equal([0, 1, 25], VideoIndexes(results));
        Assert.True(results[3].DescriptionChanged);
        Assert.Equal(2, results[3].DescriptionVersion);
        Assert.False(results[3].Discontinuity);
        Assert.Equal(0, reader.GetStatistics().DroppedUnits);
    }

    [Fact]
    public void A_stalled_reader_keeps_one_offline_notice_across_flapping_and_overflow()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 3 });
        for (var run = 0; run < 5; run++)
        {
            feed.Publish(Video(0));
            feed.SetOffline();
            feed.SetDescription(VideoOnly());
        }
        // Overflows discard the queued units of the old runs but keep one offline notice.
        for (var i = 0; i < 28; i++) feed.Publish(Video(i));

        var results = Drain(reader);
        Assert.Equal(
            [FeedReadStatus.Offline, FeedReadStatus.Unit, FeedReadStatus.Unit, FeedReadStatus.Unit],
            results.Select(r => r.Status));
        Assert.Equal([25, 26, 27], VideoIndexes(results));
        Assert.True(results[1].Discontinuity);
    }

    [Fact]
    public void Consecutive_offline_transitions_without_units_queue_one_notice()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        feed.SetOffline();
        feed.SetDescription(VideoOnly());
        feed.SetOffline();
        Assert.Equal([FeedReadStatus.Offline], Drain(reader).Select(r => r.Status));
    }

    [Fact]
    public async Task Complete_lets_readers_drain_then_reports_completed_forever()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        feed.Publish(Video(0));
        feed.Publish(Video(1));
        using var waiting = feed.OpenReader(new FeedReaderOptions { StartMode = FeedStartMode.NextKeyframe });
        var pending = waiting.ReadAsync(); // skips the current GOP: nothing to read yet
        Assert.False(pending.IsCompleted);

        feed.Complete();
        Assert.Equal(FeedState.Completed, feed.State);
        Assert.Equal(0, feed.ReaderCount);
        Assert.False(feed.Publish(Video(2)));
        Assert.False(feed.SetDescription(VideoOnly()));

        Assert.Equal(FeedReadStatus.Completed, (await pending.AsTask().WaitAsync(Deadline)).Status);
        Assert.Equal([FeedReadStatus.Unit, FeedReadStatus.Unit, FeedReadStatus.Completed], Drain(reader).Select(r => r.Status));
        Assert.Equal(FeedReadStatus.Completed, (await reader.ReadAsync()).Status);
        Assert.True(await reader.WaitToReadAsync());

        using var late = feed.OpenReader();
        Assert.Equal(FeedReadStatus.Completed, (await late.ReadAsync()).Status);
    }

    [Fact]
    public async Task Reader_opened_while_offline_waits_for_the_next_run()
    {
        var feed = new Feed("front/sub");
        using var reader = feed.OpenReader();
        var pending = reader.ReadAsync();
        Assert.False(pending.IsCompleted);
        feed.SetDescription(VideoOnly());
        feed.Publish(Video(0));
        var result = await pending.AsTask().WaitAsync(Deadline);
        Assert.Equal(0, FrameIndex(result.Unit!));
        Assert.True(result.DescriptionChanged);
    }

    [Fact]
    public async Task Pending_read_completes_when_a_unit_is_published()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        var pending = reader.ReadAsync();
        Assert.False(pending.IsCompleted);
        feed.Publish(Video(0));
        var result = await pending.AsTask().WaitAsync(Deadline);
        Assert.Equal(0, FrameIndex(result.Unit!));
        Assert.Equal(1, reader.GetStatistics().DeliveredUnits);
    }

    [Fact]
    public async Task Cancelled_read_throws_and_the_reader_stays_usable()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        using var cts = new CancellationTokenSource();
        var pending = reader.ReadAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending.AsTask().WaitAsync(Deadline));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(cts.Token));

        feed.Publish(Video(0));
        var result = await reader.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(0, FrameIndex(result.Unit!));
    }

    [Fact]
    public void A_failed_TryRead_leaves_a_result_without_a_unit()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        Assert.False(reader.TryRead(out var result));
        Assert.Equal(FeedReadStatus.None, result.Status);
        Assert.False(result.HasUnit);
        Assert.Equal(0, result.DescriptionVersion);
    }

    [Fact]
    public void Only_one_wait_may_be_pending()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        var first = reader.WaitToReadAsync();
        Assert.False(first.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => reader.WaitToReadAsync());
    }

    [Fact]
    public async Task Dispose_detaches_the_reader_and_completes_a_pending_wait()
    {
        var feed = OnlineFeed();
        var reader = feed.OpenReader();
        var other = feed.OpenReader();
        Assert.Equal(2, feed.ReaderCount);
        var wait = reader.WaitToReadAsync();
        var read = other.ReadAsync();

        reader.Dispose();
        other.Dispose();
        reader.Dispose(); // idempotent
        Assert.Equal(0, feed.ReaderCount);
        Assert.False(await wait.AsTask().WaitAsync(Deadline));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await read.AsTask().WaitAsync(Deadline));
        Assert.Throws<ObjectDisposedException>(() => reader.TryRead(out _));
        Assert.True(feed.Publish(Video(0))); // publishing to nobody is fine
    }

    [Fact]
    public void Invalid_reader_options_are_rejected()
    {
        var feed = OnlineFeed();
        Assert.Throws<ArgumentOutOfRangeException>(() => feed.OpenReader(new FeedReaderOptions { MaxUnits = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => feed.OpenReader(new FeedReaderOptions { MaxBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => feed.OpenReader(new FeedReaderOptions { LowWaterPercent = 101 }));
        Assert.Equal(0, feed.ReaderCount);
    }
}
