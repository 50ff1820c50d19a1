using Nvr.Media;
using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedConcurrencyTests
{
    [Theory]
    [InlineData(FeedOverflowPolicy.DiscardQueued)]
    [InlineData(FeedOverflowPolicy.KeepQueued)]
    public async Task Concurrent_publish_and_read_keeps_order_gop_boundaries_and_exact_accounting(FeedOverflowPolicy policy)
    {
        const int Frames = 10_000;
        var feed = OnlineFeed(AudioVideo());
        var budgets = new[] { 4, 16, 64, 5000 };
        var readers = new List<FeedReader>();
        foreach (var budget in budgets)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                readers.Add(feed.OpenReader(new FeedReaderOptions { MaxUnits = budget, MaxBytes = long.MaxValue, OverflowPolicy = policy }));
            }
        }

        var consumers = readers.Select(r => Task.Run(() => ConsumeAndCheck(r))).ToArray();
        var publisher = Task.Run(() =>
        {
            for (var i = 0; i < Frames; i++)
            {
                feed.Publish(Video(i, keyframeInterval: 25, size: 64));
                feed.Publish(Audio(i, size: 8));
            }
            feed.Complete();
        });
        await publisher.WaitAsync(Deadline);
        var delivered = await Task.WhenAll(consumers).WaitAsync(Deadline);

        for (var i = 0; i < readers.Count; i++)
        {
            var stats = readers[i].GetStatistics();
            Assert.Equal(delivered[i], stats.DeliveredUnits);
            // Every unit published after the reader's start was either delivered or counted as dropped.
            Assert.Equal(2 * Frames, stats.DeliveredUnits + stats.DroppedUnits);
            Assert.Equal(Frames * (64L + 8), stats.DeliveredBytes + stats.DroppedBytes);
            Assert.True(stats.Resyncs <= stats.DroppedUnits);
            readers[i].Dispose();
        }
    }

    /// <summary>Reads to the end, checking order and that no GOP is entered in the middle. Returns units read.</summary>
    private static async Task<long> ConsumeAndCheck(FeedReader reader)
    {
        long count = 0;
        var lastVideo = -1;
        var lastAudio = -1;
        var first = true;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Status == FeedReadStatus.Completed) return count;
            Assert.Equal(FeedReadStatus.Unit, result.Status);
            var unit = result.Unit!;
            var index = FrameIndex(unit);
            if (first || result.Discontinuity)
            {
                Assert.Equal(VideoTrack, unit.TrackId);
                Assert.True(unit.IsKeyframe, $"unit {index} after a gap is not a keyframe");
            }
            if (unit.TrackId == VideoTrack)
            {
                Assert.True(index > lastVideo);
                // Without a discontinuity the video is contiguous.
                if (!first && !result.Discontinuity) Assert.Equal(lastVideo + 1, index);
                lastVideo = index;
            }
            else
            {
                Assert.True(index > lastAudio);
                lastAudio = index;
            }
            Assert.Equal(first, result.DescriptionChanged);
            first = false;
            count++;
        }
    }

    [Fact]
    public async Task Readers_opened_and_disposed_while_publishing_never_break_the_publisher()
    {
        const int Rounds = 150;
        var feed = OnlineFeed(AudioVideo());
        using var churnDone = new CancellationTokenSource();
        // Publishes until the churners are done (they need units to make progress).
        var publisher = Task.Run(() =>
        {
            long published = 0;
            for (var i = 0; !churnDone.IsCancellationRequested; i++)
            {
                Assert.True(feed.Publish(Video(i, size: 32)));
                Assert.True(feed.Publish(Audio(i, size: 4)));
                published += 2;
            }
            return published;
        });

        var churners = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var outcomes = new int[2]; // [0]: pending read got a unit, [1]: it saw the disposal
            for (var round = 0; round < Rounds; round++)
            {
                var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 8 + worker, StartMode = (FeedStartMode)(round % 3) });
                for (var n = 0; n < round % 5; n++) Assert.Equal(FeedReadStatus.Unit, (await reader.ReadAsync()).Status);
                if (round % 2 == 0)
                {
                    reader.Dispose();
                    continue;
                }
                // Dispose from another thread while a read may be pending.
                var pending = reader.ReadAsync().AsTask();
                await Task.Run(reader.Dispose);
                try
                {
                    Assert.Equal(FeedReadStatus.Unit, (await pending.WaitAsync(Deadline)).Status);
                    outcomes[0]++;
                }
                catch (ObjectDisposedException)
                {
                    outcomes[1]++;
                }
            }
            return outcomes;
        })).ToArray();

        var outcomes = await Task.WhenAll(churners).WaitAsync(Deadline);
        Assert.Equal(0, feed.ReaderCount); // every reader detached itself
        churnDone.Cancel();
        var published = await publisher.WaitAsync(Deadline);

        Assert.Equal(4 * Rounds / 2, outcomes.Sum(o => o[0] + o[1]));
        Assert.Equal(published, feed.GetStatistics().PublishedUnits);
    }

    [Fact]
    public void Publishing_to_many_stalled_readers_allocates_nothing()
    {
        var feed = OnlineFeed(AudioVideo());
        var readers = new List<FeedReader>();
        for (var i = 0; i < 100; i++) readers.Add(feed.OpenReader(new FeedReaderOptions { MaxUnits = 50 + i }));
        var units = new MediaUnit[4000];
        for (var i = 0; i < units.Length; i += 2)
        {
            units[i] = Video(i / 2, size: 100);
            units[i + 1] = Audio(i / 2, size: 10);
        }
        // Warm up: rings and the GOP cache reach their size, every path is jitted.
        for (var i = 0; i < 2000; i++) feed.Publish(units[i]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2000; i < units.Length; i++) feed.Publish(units[i]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.All(readers, r => Assert.True(r.GetStatistics().Resyncs > 0));
        foreach (var r in readers) r.Dispose();
    }
}
