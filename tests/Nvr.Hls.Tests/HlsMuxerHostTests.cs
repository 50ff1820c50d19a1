using Microsoft.Extensions.Time.Testing;
using Nvr.Hls.Tests.Support;
using Nvr.Streaming;
using Nvr.Testing;

namespace Nvr.Hls.Tests;

/// <summary>One muxer per feed, created by the first playlist request and closed after the idle time (fake clock).</summary>
public sealed class HlsMuxerHostTests
{
    private static readonly HlsMuxerOptions Options = MuxerHarness.Options() is var o ? new HlsMuxerOptions
    {
        Reader = o.Reader,
        IdleTimeout = TimeSpan.FromSeconds(30),
    } : null!;

    [Fact]
    public async Task A_muxer_is_created_on_the_first_playlist_request_and_closed_after_the_idle_time()
    {
        var clip = await TestClip.LoadAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(MuxerHarness.Epoch));
        var registry = new FeedRegistry(timeProvider: time);
        var feed = registry.GetOrCreate("front/main");
        await using var host = new HlsMuxerHost(registry, Options, time);

        // Segment URIs and unknown cameras never create a muxer.
        Assert.Equal(404, (await host.HandleAsync("front/main", "12345678-1.m4s", null)).StatusCode);
        Assert.Equal(404, (await host.HandleAsync("back/main", "index.m3u8", null)).StatusCode);
        Assert.Equal(400, (await host.HandleAsync("front/main", "fmp4.m3u8", "_HLS_part=1")).StatusCode);
        Assert.Equal(0, host.Count);

        var pending = host.HandleAsync("front/main", "index.m3u8", null);
        Assert.Equal(1, host.Count);
        // The muxer's reader is attached asynchronously: publish once it listens.
        await WaitFor.ConditionAsync(() => feed.ReaderCount == 1, TimeSpan.FromSeconds(10), "the muxer's reader");
        ClipPublisher.PublishBurst(feed, clip, 2.5, MuxerHarness.Epoch);
        Assert.Equal(200, (await pending.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        var status = Assert.Single(host.GetStatus());
        Assert.Equal("front/main", status.Feed);
        var playlist = M3u8.ParseMedia((await host.HandleAsync("front/main", "fmp4.m3u8", null)).BodyText);
        Assert.Equal(200, (await host.HandleAsync("front/main", playlist.Segments[0].Uri, null)).StatusCode);

        time.Advance(TimeSpan.FromSeconds(29));
        await host.SweepAsync();
        Assert.Equal(1, host.Count);
        time.Advance(TimeSpan.FromSeconds(2));
        await host.SweepAsync();
        Assert.Equal(0, host.Count);
        Assert.Equal(0, feed.ReaderCount);
        // Its URIs are gone with it; a new playlist request starts a new muxer with a new instance id.
        Assert.Equal(404, (await host.HandleAsync("front/main", playlist.Segments[0].Uri, null)).StatusCode);
    }

    [Fact]
    public async Task RunAsync_sweeps_on_its_timer_and_stops_every_muxer_when_cancelled()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(MuxerHarness.Epoch));
        var registry = new FeedRegistry(timeProvider: time);
        var a = registry.GetOrCreate("a");
        var b = registry.GetOrCreate("b");
        await using var host = new HlsMuxerHost(registry, Options, time);
        using var stop = new CancellationTokenSource();
        var running = host.RunAsync(stop.Token);
        _ = host.HandleAsync("a", "index.m3u8", null); // offline feeds: these wait for a first segment
        var waitingB = host.HandleAsync("b", "ts.m3u8", null);
        Assert.Equal(2, host.Count);
        await WaitFor.ConditionAsync(() => a.ReaderCount == 1 && b.ReaderCount == 1, TimeSpan.FromSeconds(10), "both readers");

        time.Advance(TimeSpan.FromSeconds(31)); // the timer fires every 10 s; the outputs are 31 s idle
        await WaitFor.ConditionAsync(() => host.Count == 0, TimeSpan.FromSeconds(10), "the idle muxers to close");
        // Answered either way: 503 when its StartTimeout (10 s) fired first, 404 when the sweep closed the muxer first.
        Assert.Contains((await waitingB.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode, new[] { 404, 503 });

        _ = host.HandleAsync("a", "index.m3u8", null);
        Assert.Equal(1, host.Count);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, host.Count);
        Assert.Equal(404, (await host.HandleAsync("a", "index.m3u8", null)).StatusCode);
    }

    [Fact]
    public async Task An_output_without_requests_is_dropped_while_the_other_lives_on()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start(new HlsMuxerOptions { Reader = MuxerHarness.Options().Reader, IdleTimeout = TimeSpan.FromSeconds(30) });
        var fmp4 = h.GetAsync("fmp4.m3u8");
        var ts = h.GetAsync("ts.m3u8");
        await h.PublishAsync(clip, 4.5);
        await fmp4;
        await ts;
        Assert.Equal(2, h.Muxer.GetStatus().Outputs.Count);
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await h.GetAsync("fmp4.m3u8");
        h.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.False(h.Muxer.CloseIdleOutputs());
        Assert.Equal(HlsFormat.Fmp4, Assert.Single(h.Muxer.GetStatus().Outputs).Format);
        h.Time.Advance(TimeSpan.FromSeconds(16));
        Assert.True(h.Muxer.CloseIdleOutputs());
        Assert.Empty(h.Muxer.GetStatus().Outputs);
    }

    [Fact]
    public async Task A_removed_feed_closes_its_muxer_and_waiting_requests_get_404()
    {
        var registry = new FeedRegistry();
        registry.GetOrCreate("cam");
        await using var host = new HlsMuxerHost(registry, Options);
        var waiting = host.HandleAsync("cam", "index.m3u8", null);
        await WaitFor.ConditionAsync(() => host.GetStatus().Count == 1, TimeSpan.FromSeconds(10), "the muxer");
        registry.Remove("cam");
        Assert.Equal(404, (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        await host.SweepAsync();
        Assert.Equal(0, host.Count);
    }
}
