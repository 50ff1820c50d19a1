using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedStartTests
{
    [Fact]
    public void GopCache_start_delivers_the_latest_keyframe_and_the_audio_after_it_at_once()
    {
        var feed = OnlineFeed(AudioVideo());
        for (var i = 0; i < 30; i++)
        {
            feed.Publish(Audio(i));      // the audio frame just before keyframe 25 is not in the GOP
            feed.Publish(Video(i));
        }
        Assert.Equal(5 + 4, feed.GetStatistics().GopCacheUnits); // v25 a26 v26 … a29 v29

        using var reader = feed.OpenReader(); // default: GopCache
        var results = Drain(reader); // nothing published since opening: all of it comes from the cache
        Assert.Equal(9, results.Count);
        Assert.True(results[0].Unit!.IsKeyframe);
        Assert.Equal((VideoTrack, 25), (results[0].Unit!.TrackId, FrameIndex(results[0].Unit!)));
        Assert.Equal([25, 26, 27, 28, 29], VideoIndexes(results));
        Assert.Equal([26, 27, 28, 29], results.Where(r => r.Unit!.TrackId == AudioTrack).Select(r => FrameIndex(r.Unit!)));
        Assert.True(results[0].DescriptionChanged);
        Assert.False(results[0].Discontinuity);

        feed.Publish(Video(30));
        Assert.Equal([30], VideoIndexes(Drain(reader)));
        Assert.Equal(0, reader.GetStatistics().DroppedUnits);
    }

    [Fact]
    public void NextKeyframe_start_skips_the_rest_of_the_current_gop_without_counting_drops()
    {
        var feed = OnlineFeed();
        for (var i = 0; i < 30; i++) feed.Publish(Video(i));
        using var reader = feed.OpenReader(new FeedReaderOptions { StartMode = FeedStartMode.NextKeyframe });
        Assert.False(reader.TryRead(out _));
        for (var i = 30; i < 52; i++) feed.Publish(Video(i));

        var results = Drain(reader);
        Assert.Equal([50, 51], VideoIndexes(results));
        Assert.True(results[0].DescriptionChanged);
        Assert.Equal(0, reader.GetStatistics().DroppedUnits);
    }

    [Fact]
    public void Now_start_delivers_the_next_unit_even_if_it_is_not_a_keyframe()
    {
        var feed = OnlineFeed();
        for (var i = 0; i < 30; i++) feed.Publish(Video(i));
        using var reader = feed.OpenReader(new FeedReaderOptions { StartMode = FeedStartMode.Now });
        feed.Publish(Video(30));
        var results = Drain(reader);
        Assert.Equal([30], VideoIndexes(results));
        Assert.False(results[0].Unit!.IsKeyframe);
    }

    [Fact]
    public void A_gop_that_outgrows_the_cache_invalidates_it_until_the_next_keyframe()
    {
        var feed = OnlineFeed(options: new FeedOptions { GopCacheMaxUnits = 10 });
        for (var i = 0; i < 15; i++) feed.Publish(Video(i));
        Assert.Equal(0, feed.GetStatistics().GopCacheUnits);

        using var early = feed.OpenReader();
        Assert.False(early.TryRead(out _)); // no half GOP from the cache
        for (var i = 15; i < 28; i++) feed.Publish(Video(i));
        Assert.Equal(3, feed.GetStatistics().GopCacheUnits); // 25, 26, 27

        Assert.Equal([25, 26, 27], VideoIndexes(Drain(early)));
        using var late = feed.OpenReader();
        Assert.Equal([25, 26, 27], VideoIndexes(Drain(late)));
    }

    [Fact]
    public void A_cache_bigger_than_the_readers_budget_starts_at_the_next_keyframe_instead()
    {
        var feed = OnlineFeed();
        for (var i = 0; i < 10; i++) feed.Publish(Video(i));
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 5 });
        Assert.False(reader.TryRead(out _));
        for (var i = 10; i < 26; i++) feed.Publish(Video(i));
        Assert.Equal([25], VideoIndexes(Drain(reader)));
        Assert.Equal(0, reader.GetStatistics().DroppedUnits);
        Assert.Equal(0, reader.GetStatistics().Resyncs);
    }

    [Fact]
    public void Audio_only_stream_caches_the_last_frame_and_starts_there()
    {
        var feed = OnlineFeed(AudioOnly());
        for (var i = 0; i < 10; i++) feed.Publish(Audio(i));
        Assert.Equal(1, feed.GetStatistics().GopCacheUnits);
        using var reader = feed.OpenReader();
        var results = Drain(reader);
        Assert.Equal([9], results.Select(r => FrameIndex(r.Unit!)));
    }

    [Theory]
    [InlineData(FeedTrackSelection.All, new[] { "v25", "a25", "v26", "a26" })]
    [InlineData(FeedTrackSelection.Video, new[] { "v25", "v26" })]
    [InlineData(FeedTrackSelection.Audio, new[] { "a25", "a26" })]
    public void Track_selection_filters_units_and_picks_the_sync_points(FeedTrackSelection tracks, string[] expected)
    {
        var feed = OnlineFeed(AudioVideo());
        for (var i = 0; i < 25; i++)
        {
            feed.Publish(Video(i));
            feed.Publish(Audio(i));
        }
        using var reader = feed.OpenReader(new FeedReaderOptions { Tracks = tracks, StartMode = FeedStartMode.NextKeyframe });
        for (var i = 25; i < 27; i++)
        {
            feed.Publish(Video(i));
            feed.Publish(Audio(i));
        }
        // For an audio reader every audio frame is a sync point, so "next keyframe" is a25.
        Assert.Equal(expected, Drain(reader).Select(Label));

        // The GOP cache now starts at v25; an audio reader starts at the first audio frame in it.
        using var fromCache = feed.OpenReader(new FeedReaderOptions { Tracks = tracks });
        Assert.Equal(expected, Drain(fromCache).Select(Label));
    }

    private static string Label(FeedReadResult r) => (r.Unit!.TrackId == VideoTrack ? "v" : "a") + FrameIndex(r.Unit!);
}
