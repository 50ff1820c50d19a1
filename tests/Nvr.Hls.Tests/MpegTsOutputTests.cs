using Nvr.Hls.Tests.Support;
using Xunit.Abstractions;

namespace Nvr.Hls.Tests;

/// <summary>The MPEG-TS output on a fake clock: playlist rules and the transport stream itself, packet by packet.</summary>
public sealed class MpegTsOutputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("h264", 0x1B)]
    [InlineData("h265", 0x24)]
    public async Task Segments_are_2_s_of_valid_transport_stream_with_continuous_counters(string codec, byte streamType)
    {
        var clip = await TestClip.LoadAsync(codec);
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("index.m3u8", "format=ts");
        await h.PublishAsync(clip, 9);
        var variants = M3u8.ParseMultivariant((await pending).BodyText);
        Assert.Equal("ts.m3u8", Assert.Single(variants).Uri);

        var text = await h.GetTextAsync("ts.m3u8");
        output.WriteLine(text);
        var p = M3u8.ParseMedia(text);
        Assert.Empty(PlaylistRules.Check(p, fmp4: false, lowLatency: false));
        Assert.Equal(3, p.Version);
        Assert.Equal(2, p.TargetDuration);
        Assert.Equal([2.0, 2.0, 2.0, 2.0], p.Segments.Select(s => Math.Round(s.Duration, 5)));
        Assert.False(p.CanBlockReload);

        IReadOnlyDictionary<int, int>? continuity = null;
        long? previousDts = null;
        foreach (var s in p.Segments)
        {
            var r = await h.GetAsync(s.Uri);
            Assert.Equal(200, r.StatusCode);
            Assert.Equal("video/mp2t", r.ContentType);
            Assert.Equal(HlsResponse.Immutable, r.CacheControl);
            var report = TsChecker.Check(r.ToArray(), continuity);
            Assert.Empty(report.Errors);
            continuity = report.Continuity;
            Assert.True(report.StartsWithTables, "PAT + PMT first");
            Assert.Equal(new Dictionary<int, byte> { [0x100] = streamType, [0x101] = 0x0F }, report.StreamTypes);
            Assert.Equal(0x100, report.PcrPid);
            Assert.Equal(60, report.VideoPes);
            Assert.Equal(60, report.VideoPesWithAud);
            Assert.Equal(2, report.RandomAccessPes);
            Assert.Equal(2, report.RandomAccessPesWithSps);
            Assert.Equal(60, report.Pcrs.Count);
            Assert.InRange(report.AudioPes, 92, 96);
            Assert.Equal(report.AudioPes, report.AudioPesWithAdts);
            // 90 kHz timeline: frames 3000 apart, continuous across segments, 1.4 s offset at the start.
            Assert.All(report.VideoDts.Zip(report.VideoDts.Skip(1)), d => Assert.Equal(3000, d.Second - d.First));
            Assert.Equal(previousDts is null ? 126_000 : previousDts + 3000, report.VideoDts[0]);
            previousDts = report.VideoDts[^1];
            Assert.Equal(report.VideoDts[0] - 63_000, report.Pcrs[0]);
        }
    }

    [Fact]
    public async Task Ts_playlist_ignores_blocking_directives_and_lists_no_open_segment()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("ts.m3u8");
        await h.PublishAsync(clip, 5);
        await pending;
        var r = await h.GetAsync("ts.m3u8", "_HLS_msn=99");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(HlsResponse.NoCache, r.CacheControl);
        Assert.Equal(HlsResponse.PlaylistContentType, r.ContentType);
        var p = M3u8.ParseMedia(r.BodyText);
        Assert.Equal(2, p.Segments.Count);
        Assert.Empty(p.PreloadHints);
        Assert.Equal(404, (await h.GetAsync($"{h.Muxer.Instance}-9.ts")).StatusCode);
    }
}
