using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedStatisticsTests
{
    [Fact]
    public void Rates_come_from_complete_buckets_of_the_sliding_window()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var feed = OnlineFeed(AudioVideo(), new FeedOptions { RateWindow = TimeSpan.FromSeconds(5) }, time);
        using var reader = feed.OpenReader();

        Assert.Equal((0.0, 0.0), Rates(feed));
        DateTimeOffset lastKeyframe = default;
        // 10 s: 25 video frames/s of 2000 bytes, 50 audio frames/s of 100 bytes.
        for (var i = 0; i < 250; i++)
        {
            if (i % 25 == 0) lastKeyframe = time.GetUtcNow();
            feed.Publish(Video(i, size: 2000));
            feed.Publish(Audio(2 * i));
            time.Advance(TimeSpan.FromMilliseconds(20));
            feed.Publish(Audio(2 * i + 1));
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (i == 10) Assert.Equal((0.0, 0.0), Rates(feed)); // no bucket complete yet
        }

        var stats = feed.GetStatistics();
        Assert.Equal(25.0, stats.FramesPerSecond); // audio frames are not counted as frames
        Assert.Equal((25 * 2000 + 50 * 100) * 8.0, stats.BitsPerSecond);
        Assert.Equal(750, stats.PublishedUnits);
        Assert.Equal(250 * 2000 + 500 * 100, stats.PublishedBytes);
        Assert.Equal(lastKeyframe, stats.LastKeyframeAt);
        Assert.Equal(1, stats.ReaderCount);
        Assert.Equal(FeedState.Online, stats.State);
        Assert.Equal(1, stats.DescriptionVersion);

        // A camera that stalls shows it: after a whole window without units the rates are 0.
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(10.0, feed.GetStatistics().FramesPerSecond); // 2 of 5 buckets still hold 25 frames
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((0.0, 0.0), Rates(feed));
        Assert.Equal(lastKeyframe, feed.GetStatistics().LastKeyframeAt);
    }

    [Fact]
    public void Audio_only_stream_counts_every_unit_as_a_frame()
    {
        var time = new ManualTimeProvider();
        var feed = OnlineFeed(AudioOnly(), time: time);
        for (var i = 0; i < 16 * 6; i++) // 16 frames/s for 6 s
        {
            feed.Publish(Audio(i, size: 200));
            time.Advance(TimeSpan.FromMilliseconds(62.5));
        }
        var stats = feed.GetStatistics();
        Assert.Equal(16.0, stats.FramesPerSecond);
        Assert.Equal(16 * 200 * 8.0, stats.BitsPerSecond);
    }

    [Fact]
    public void Reader_statistics_count_delivered_units_and_bytes()
    {
        var feed = OnlineFeed();
        using var reader = feed.OpenReader();
        for (var i = 0; i < 5; i++) feed.Publish(Video(i));
        Assert.True(reader.TryRead(out _));
        Assert.True(reader.TryRead(out _));
        var stats = reader.GetStatistics();
        Assert.Equal(2, stats.DeliveredUnits);
        Assert.Equal(SumVideoSizes(0, 2), stats.DeliveredBytes);
        Assert.Equal(3, stats.QueuedUnits);
        Assert.Equal(SumVideoSizes(2, 5), stats.QueuedBytes);
    }

    private static (double, double) Rates(Feed feed)
    {
        var stats = feed.GetStatistics();
        return (stats.FramesPerSecond, stats.BitsPerSecond);
    }
}
