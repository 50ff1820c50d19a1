using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedReaderOverflowTests
{
    /// <summary>
    /// The acceptance test: 10 s of 25 fps video with a keyframe every 25 frames. A reader
    /// that never reads does not delay the publisher or a healthy reader beside it; it is resynced
    /// at keyframes and its drop counters equal exactly what was discarded.
    /// </summary>
    [Fact]
    public async Task Stalled_reader_does_not_delay_publisher_or_healthy_reader_and_resyncs_at_a_keyframe()
    {
        const int Total = 250;
        var feed = OnlineFeed();
        using var stalled = feed.OpenReader(new FeedReaderOptions { MaxUnits = 60, MaxBytes = long.MaxValue, Name = "stalled" });
        using var healthy = feed.OpenReader(new FeedReaderOptions { MaxUnits = 1000, MaxBytes = long.MaxValue, Name = "healthy" });

        var consumer = Task.Run(async () =>
        {
            var got = new List<FeedReadResult>(Total);
            while (got.Count < Total) got.Add(await healthy.ReadAsync());
            return got;
        });
        var publisher = Task.Run(() =>
        {
            for (var i = 0; i < Total; i++) Assert.True(feed.Publish(Video(i)));
        });
        await publisher.WaitAsync(Deadline); // returns while the stalled reader has read nothing
        var healthyResults = await consumer.WaitAsync(Deadline);

        // Healthy: every unit, in order, nothing dropped, no discontinuity.
        Assert.Equal(Enumerable.Range(0, Total), VideoIndexes(healthyResults));
        Assert.All(healthyResults, r => Assert.False(r.Discontinuity));
        var healthyStats = healthy.GetStatistics();
        Assert.Equal(Total, healthyStats.DeliveredUnits);
        Assert.Equal(SumVideoSizes(0, Total), healthyStats.DeliveredBytes);
        Assert.Equal(0, healthyStats.DroppedUnits);
        Assert.Equal(0, healthyStats.Resyncs);

        // Stalled (cap 60): 0..59 queued; 60 overflows -> discard 0..59, drop 60..74, resume at 75;
        // 135 overflows -> discard 75..134, drop 135..149; 210 -> discard 150..209, drop 210..224.
        // Left queued: 225..249, starting at keyframe 225.
        var stats = stalled.GetStatistics();
        Assert.Equal(3, stats.Resyncs);
        Assert.Equal(225, stats.DroppedUnits);
        Assert.Equal(SumVideoSizes(0, 225), stats.DroppedBytes);
        Assert.Equal(25, stats.QueuedUnits);
        Assert.False(stats.IsResyncing);

        var late = Drain(stalled);
        Assert.Equal(Enumerable.Range(225, 25), VideoIndexes(late));
        Assert.True(late[0].Unit!.IsKeyframe);
        Assert.True(late[0].Discontinuity);
        Assert.True(late[0].DescriptionChanged); // first unit this reader delivers
        for (var i = 1; i < late.Count; i++) Assert.False(late[i].Discontinuity);

        // Delivered + dropped accounts for every published unit.
        var after = stalled.GetStatistics();
        Assert.Equal(Total, after.DeliveredUnits + after.DroppedUnits);
        Assert.Equal(SumVideoSizes(0, Total), after.DeliveredBytes + after.DroppedBytes);
    }

    [Fact]
    public void Byte_cap_triggers_resync_and_discards_until_the_next_keyframe()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 100, MaxBytes = 10_000 });
        // 1000-byte frames, keyframe every 8: 0..9 fill the 10 000 bytes exactly.
        for (var i = 0; i < 10; i++) feed.Publish(Video(i, keyframeInterval: 8, size: 1000));
        Assert.Equal(10_000, reader.GetStatistics().QueuedBytes);
        Assert.Equal(0, reader.GetStatistics().Resyncs);

        // 10 does not fit: discard 0..9, then drop 10..15 (not keyframes), resume at 16.
        for (var i = 10; i < 20; i++) feed.Publish(Video(i, keyframeInterval: 8, size: 1000));

        var stats = reader.GetStatistics();
        Assert.Equal(1, stats.Resyncs);
        Assert.Equal(16, stats.DroppedUnits);
        Assert.Equal(16_000, stats.DroppedBytes);
        var results = Drain(reader);
        Assert.Equal([16, 17, 18, 19], VideoIndexes(results));
        Assert.True(results[0].Unit!.IsKeyframe);
        Assert.True(results[0].Discontinuity);
    }

    [Fact]
    public void Hysteresis_resumes_only_at_a_keyframe_after_the_queue_drained_to_the_low_water_mark()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader(new FeedReaderOptions
        {
            MaxUnits = 10,
            MaxBytes = long.MaxValue,
            LowWaterPercent = 50, // 5 units
            OverflowPolicy = FeedOverflowPolicy.KeepQueued,
        });
        for (var i = 0; i < 10; i++) feed.Publish(Video(i, keyframeInterval: 5));
        feed.Publish(Video(10, keyframeInterval: 5)); // keyframe, but the queue is full: overflow
        Assert.True(reader.GetStatistics().IsResyncing);

        Assert.Equal([0, 1, 2], VideoIndexes(ReadN(reader, 3))); // queue: 7 > 5
        for (var i = 11; i <= 15; i++) feed.Publish(Video(i, keyframeInterval: 5));
        // Keyframe 15 found room (7 of 10) but the queue is above the low-water mark: refused.
        Assert.True(reader.GetStatistics().IsResyncing);
        Assert.Equal(6, reader.GetStatistics().DroppedUnits);

        Assert.Equal([3, 4, 5], VideoIndexes(ReadN(reader, 3))); // queue: 4 <= 5
        for (var i = 16; i <= 21; i++) feed.Publish(Video(i, keyframeInterval: 5));

        var stats = reader.GetStatistics();
        Assert.False(stats.IsResyncing);
        Assert.Equal(1, stats.Resyncs);
        Assert.Equal(10, stats.DroppedUnits); // 10..19
        Assert.Equal(SumVideoSizes(10, 20), stats.DroppedBytes);

        var rest = Drain(reader);
        Assert.Equal([6, 7, 8, 9, 20, 21], VideoIndexes(rest)); // kept queue, then the gap
        Assert.False(rest[3].Discontinuity);
        Assert.True(rest[4].Discontinuity);
        Assert.True(rest[4].Unit!.IsKeyframe);
        Assert.False(rest[5].Discontinuity);
    }

    [Fact]
    public void Resync_drops_interleaved_audio_and_resumes_at_a_video_keyframe_not_an_audio_frame()
    {
        var feed = OnlineFeed(AudioVideo());
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 6, MaxBytes = long.MaxValue });
        // v0 a0 v1 a1 v2 a2 fill the 6 slots; v3 overflows: discard them and drop v3..a9 (audio
        // frames are keyframes of their own track, but only a video keyframe ends a resync).
        for (var v = 0; v <= 11; v++)
        {
            feed.Publish(Video(v, keyframeInterval: 10));
            if (v < 11) feed.Publish(Audio(v, size: 50));
        }

        var stats = reader.GetStatistics();
        Assert.Equal(1, stats.Resyncs);
        Assert.Equal(20, stats.DroppedUnits); // v0..v9 and a0..a9
        Assert.Equal(SumVideoSizes(0, 10) + 10 * 50, stats.DroppedBytes);

        var results = Drain(reader);
        Assert.Equal(3, results.Count);
        Assert.Equal((VideoTrack, 10), (results[0].Unit!.TrackId, FrameIndex(results[0].Unit!)));
        Assert.True(results[0].Discontinuity);
        Assert.Equal((AudioTrack, 10), (results[1].Unit!.TrackId, FrameIndex(results[1].Unit!)));
        Assert.Equal((VideoTrack, 11), (results[2].Unit!.TrackId, FrameIndex(results[2].Unit!)));
    }

    [Fact]
    public void Audio_only_stream_resumes_on_the_next_frame_because_every_frame_is_a_sync_point()
    {
        var feed = OnlineFeed(AudioOnly());
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 4, MaxBytes = long.MaxValue });
        for (var i = 0; i < 6; i++) feed.Publish(Audio(i, size: 10 + i));

        // a0..a3 queued; a4 overflows: discard a0..a3, resume at a4 at once.
        var stats = reader.GetStatistics();
        Assert.Equal(1, stats.Resyncs);
        Assert.Equal(4, stats.DroppedUnits);
        Assert.Equal(10 + 11 + 12 + 13, stats.DroppedBytes);
        var results = Drain(reader);
        Assert.Equal([4, 5], results.Select(r => FrameIndex(r.Unit!)));
        Assert.True(results[0].Discontinuity);
    }

    [Fact]
    public void A_unit_bigger_than_the_byte_cap_is_still_delivered_to_an_empty_queue()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxBytes = 500 });
        feed.Publish(Video(0, size: 5000));
        var results = Drain(reader);
        Assert.Equal([0], VideoIndexes(results));
        Assert.Equal(0, reader.GetStatistics().DroppedUnits);
    }

    [Fact]
    public void TakeDropsSinceLastReport_returns_each_drop_once()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 5, MaxBytes = long.MaxValue });
        Assert.True(reader.TakeDropsSinceLastReport().IsEmpty);

        for (var i = 0; i < 7; i++) feed.Publish(Video(i, keyframeInterval: 100, size: 10)); // 5 queued, 5 discarded + 2 dropped
        Assert.Equal(new FeedDropReport(7, 70, 1), reader.TakeDropsSinceLastReport());
        Assert.True(reader.TakeDropsSinceLastReport().IsEmpty);

        feed.Publish(Video(7, keyframeInterval: 100, size: 10));
        Assert.Equal(new FeedDropReport(1, 10, 0), reader.TakeDropsSinceLastReport());
        Assert.Equal(8, reader.GetStatistics().DroppedUnits); // totals are not reset
    }

    private static List<FeedReadResult> ReadN(FeedReader reader, int count)
    {
        var results = new List<FeedReadResult>();
        for (var i = 0; i < count; i++)
        {
            Assert.True(reader.TryRead(out var r));
            results.Add(r);
        }
        return results;
    }
}
