using Nvr.Streaming;
using static Nvr.Streaming.Tests.TestMedia;

namespace Nvr.Streaming.Tests;

public class FeedRegistryTests
{
    [Fact]
    public void GetOrCreate_TryGet_and_Remove()
    {
        var registry = new FeedRegistry();
        Assert.False(registry.TryGet("front/main", out _));
        var feed = registry.GetOrCreate("front/main");
        Assert.Same(feed, registry.GetOrCreate("front/main"));
        Assert.True(registry.TryGet("front/main", out var found));
        Assert.Same(feed, found);
        Assert.False(registry.TryGet("Front/main", out _)); // ordinal
        Assert.Equal("front/main", feed.Name);
        Assert.Equal(FeedState.Offline, feed.State);
        Assert.Equal(1, registry.Count);
        Assert.Equal([feed], registry.GetFeeds());

        feed.SetDescription(VideoOnly());
        using var reader = feed.OpenReader();
        Assert.True(registry.Remove("front/main"));
        Assert.False(registry.Remove("front/main"));
        Assert.Equal(FeedState.Completed, feed.State);
        Assert.True(reader.TryRead(out var result));
        Assert.Equal(FeedReadStatus.Completed, result.Status);

        var again = registry.GetOrCreate("front/main");
        Assert.NotSame(feed, again);
    }

    [Fact]
    public void GetOrCreate_replaces_a_feed_that_was_completed_in_place()
    {
        var registry = new FeedRegistry();
        var feed = registry.GetOrCreate("front/main");
        feed.Complete();
        var replacement = registry.GetOrCreate("front/main");
        Assert.NotSame(feed, replacement);
        Assert.Equal(FeedState.Offline, replacement.State);
    }

    [Fact]
    public async Task Wait_times_out_on_the_registry_clock_when_the_camera_never_comes()
    {
        var time = new ManualTimeProvider();
        var registry = new FeedRegistry(timeProvider: time);
        var wait = registry.WaitForOnlineAsync("front/main", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        registry.GetOrCreate("front/main"); // exists, but offline
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await wait.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Wait_returns_the_feed_when_it_is_created_and_goes_online()
    {
        var time = new ManualTimeProvider();
        var registry = new FeedRegistry(timeProvider: time);
        var wait = registry.WaitForOnlineAsync("front/main", TimeSpan.FromSeconds(10));
        registry.GetOrCreate("back/main").SetDescription(VideoOnly()); // another path: keeps waiting
        var feed = registry.GetOrCreate("front/main");
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(wait.IsCompleted);

        feed.SetDescription(VideoOnly());
        Assert.Same(feed, await wait.WaitAsync(Deadline));
        Assert.Same(feed, await registry.WaitForOnlineAsync("front/main", TimeSpan.Zero)); // already online
    }

    [Fact]
    public async Task Wait_survives_a_removed_feed_and_finds_its_replacement()
    {
        var registry = new FeedRegistry(timeProvider: new ManualTimeProvider());
        var old = registry.GetOrCreate("front/main");
        var wait = registry.WaitForOnlineAsync("front/main", Timeout.InfiniteTimeSpan);
        registry.Remove("front/main");
        Assert.False(wait.IsCompleted);
        var replacement = registry.GetOrCreate("front/main");
        replacement.SetDescription(VideoOnly());
        Assert.Same(replacement, await wait.WaitAsync(Deadline));
        Assert.NotSame(old, replacement);
    }

    [Fact]
    public async Task Wait_throws_when_the_caller_cancels()
    {
        var registry = new FeedRegistry(timeProvider: new ManualTimeProvider());
        using var cts = new CancellationTokenSource();
        var wait = registry.WaitForOnlineAsync("front/main", TimeSpan.FromSeconds(5), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Deadline));
    }
}
