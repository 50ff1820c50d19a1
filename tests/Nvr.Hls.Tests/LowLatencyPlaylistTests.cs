using Nvr.Hls.Tests.Support;
using Xunit.Abstractions;

namespace Nvr.Hls.Tests;

/// <summary>
/// The fMP4 / LL-HLS output on a fake clock with a real H.264 + AAC clip (30 fps, 1 s GOP):
/// playlists checked against RFC 8216bis, exact part and segment timing, blocking reload and
/// preload hints.
/// </summary>
public sealed class LowLatencyPlaylistTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Playlist_follows_the_rules_with_200_ms_parts_and_1_s_segments()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 6.5);
        var text = (await pending).BodyText;
        text = await h.GetTextAsync("fmp4.m3u8"); // after everything was read
        output.WriteLine(text);

        var p = M3u8.ParseMedia(text);
        Assert.Empty(PlaylistRules.Check(p, fmp4: true, lowLatency: true));
        Assert.Equal(1, p.TargetDuration);
        Assert.Equal(0.2, p.PartTarget);
        Assert.Equal(0.6, p.PartHoldBack);
        Assert.Equal(1, p.MediaSequence); // not 0: see HlsOutput.FirstMsn
        // 6.5 s published: segments 1-6 complete (cut at the keyframes at 1 … 6 s), segment 7 open.
        Assert.Equal(6, p.Segments.Count);
        Assert.All(p.Segments, s => Assert.Equal(1.0, s.Duration, 5));
        // Parts are listed for the segments that start within 3 target durations of the end (6.4 s).
        Assert.Equal([false, false, false, false, true, true], p.Segments.Select(s => s.Parts.Count > 0));
        Assert.All(p.Segments.Skip(4), s => Assert.Equal([0.2, 0.2, 0.2, 0.2, 0.2], s.Parts.Select(x => Math.Round(x.Duration, 5))));
        Assert.All(p.Segments.Skip(4), s => Assert.True(s.Parts[0].Independent && s.Parts.Skip(1).All(x => !x.Independent)));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => MuxerHarness.Epoch.AddSeconds(i)), p.Segments.Select(s => s.ProgramDateTime!.Value));
        // Segment 7: parts 7.0 (6.0-6.2 s) and 7.1 (6.2-6.4 s) are out; 6.4-6.467 committed, 6.467 held.
        Assert.Equal(2, p.OpenParts.Count);
        Assert.Equal(MuxerHarness.Epoch.AddSeconds(6), p.OpenProgramDateTime);
        var hint = Assert.Single(p.PreloadHints);
        Assert.Equal(("PART", $"{h.Muxer.Instance}-7.2.m4s"), hint);
        Assert.Equal($"{h.Muxer.Instance}-init1.mp4", Assert.Single(p.Maps));
        Assert.Equal($"{h.Muxer.Instance}-1.m4s", p.Segments[0].Uri);
        Assert.Equal($"{h.Muxer.Instance}-6.4.m4s", p.Segments[5].Parts[4].Uri);
    }

    [Fact]
    public async Task A_segment_is_the_concatenation_of_its_parts_and_starts_with_a_keyframe_fragment()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 3.5);
        await pending;
        var p = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        var segment = p.Segments[1];
        var whole = (await h.GetAsync(segment.Uri)).ToArray();
        var parts = new List<byte>();
        foreach (var part in segment.Parts)
        {
            var r = await h.GetAsync(part.Uri);
            Assert.Equal(200, r.StatusCode);
            Assert.Equal(HlsResponse.Immutable, r.CacheControl);
            Assert.Equal("video/mp4", r.ContentType);
            parts.AddRange(r.ToArray());
        }
        Assert.Equal(whole, parts.ToArray());

        // The init section and the segment read back with the project's MP4 reader: 30 video
        // frames from a keyframe, AAC covering the same second.
        var init = (await h.GetAsync(p.Maps[0])).ToArray();
        var read = Nvr.Media.Mp4.Mp4Reader.Read([.. init, .. whole]);
        Assert.Equal(Nvr.Media.Mp4.Mp4ReadStatus.Complete, read.Status);
        Assert.Equal(5, read.Fragments.Count);
        var video = read.Fragments.SelectMany(f => f.Track(1)!.Samples).ToList();
        Assert.Equal(30, video.Count);
        Assert.True(video[0].IsSync);
        Assert.Equal(90_000, video[0].DecodeTime); // the second segment of a run that starts at 0
        Assert.Equal(90_000, video.Sum(s => (long)s.Duration));
        var audio = read.Fragments.SelectMany(f => f.Track(2)?.Samples ?? []).ToList();
        Assert.InRange(audio.Count, 45, 49);
    }

    [Fact]
    public async Task Every_part_has_audio_up_to_the_end_of_its_video()
    {
        // An MSE source buffer with audio and video is buffered where both are: a part whose
        // audio stopped short of its video would leave a hole at every part boundary.
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 3.5);
        await pending;
        var p = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        var init = (await h.GetAsync(p.Maps[0])).ToArray();
        int checkedParts = 0;
        foreach (var part in p.Segments.SelectMany(s => s.Parts).Concat(p.OpenParts))
        {
            var read = Nvr.Media.Mp4.Mp4Reader.Read([.. init, .. (await h.GetAsync(part.Uri)).ToArray()]);
            var fragment = Assert.Single(read.Fragments);
            var video = fragment.Track(1)!;
            var audio = fragment.Track(2)!;
            double videoEnd = (video.BaseDecodeTime + video.Duration) / 90_000.0;
            double audioEnd = (audio.BaseDecodeTime + audio.Duration) / 48_000.0;
            // The audio reaches the video's end; it may run past it by what arrived before the cut
            // was decided (the next video frame) plus one AAC frame.
            Assert.InRange(audioEnd - videoEnd, 0, 1 / 30.0 + 1024 / 48_000.0);
            Assert.Equal(part.Duration, video.Duration / 90_000.0, 5);
            checkedParts++;
        }
        Assert.True(checkedParts >= 10);
    }

    [Fact]
    public async Task Blocking_reload_answers_when_the_part_exists_and_rejects_what_is_too_far_ahead()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 2.5);
        await pending;
        var p = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        Assert.Equal(3, p.OpenMsn);
        Assert.Equal(2, p.OpenParts.Count); // 3.0 and 3.1

        // Already there: answered at once.
        Assert.Equal(200, (await h.GetAsync("fmp4.m3u8", "_HLS_msn=3&_HLS_part=1")).StatusCode);
        // Part 3.2 comes with the next frames: held until then.
        var blocked = h.GetAsync("fmp4.m3u8", "?_HLS_msn=3&_HLS_part=2");
        var hinted = h.GetAsync($"{h.Muxer.Instance}-3.2.m4s");
        Assert.False(blocked.IsCompleted);
        Assert.False(hinted.IsCompleted);
        await h.PublishAsync(clip, 0.2, from: 2.5, setDescription: false);
        var answer = M3u8.ParseMedia((await blocked).BodyText);
        Assert.Equal(3, answer.OpenParts.Count);
        var part = await hinted;
        Assert.Equal(200, part.StatusCode);
        Assert.Equal(part.ToArray(), (await h.GetAsync(answer.OpenParts[2].Uri)).ToArray());

        // A part index past a complete segment's last part means part 0 of the next (§6.2.5.2).
        Assert.Equal(200, (await h.GetAsync("fmp4.m3u8", "_HLS_msn=2&_HLS_part=9")).StatusCode);
        // §6.2.5.2: Bad Request for _HLS_part alone, for more than two segments ahead, and beyond the Advance Part Limit.
        Assert.Equal(400, (await h.GetAsync("fmp4.m3u8", "_HLS_part=1")).StatusCode);
        Assert.Equal(400, (await h.GetAsync("fmp4.m3u8", "_HLS_msn=6")).StatusCode);
        Assert.Equal(400, (await h.GetAsync("fmp4.m3u8", "_HLS_msn=3&_HLS_part=30")).StatusCode);
        Assert.Equal(400, (await h.GetAsync("fmp4.m3u8", "_HLS_msn=x")).StatusCode);
        // Not a hinted part: 404 at once.
        Assert.Equal(404, (await h.GetAsync($"{h.Muxer.Instance}-3.4.m4s")).StatusCode);
        Assert.Equal(404, (await h.GetAsync($"ffffffff-1.m4s")).StatusCode);
    }

    [Fact]
    public async Task Blocking_reload_gives_up_with_503_after_three_target_durations()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 2.5);
        await pending;
        var blocked = h.GetAsync("fmp4.m3u8", "_HLS_msn=4");
        h.Time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(blocked.IsCompleted, "answered before the hold time although nothing arrived");
        h.Time.Advance(TimeSpan.FromSeconds(0.2));
        var r = await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(503, r.StatusCode);
        Assert.Equal(HlsResponse.NoStore, r.CacheControl);
    }

    [Fact]
    public async Task Window_keeps_seven_segments_listed_and_two_more_downloadable()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 20.5);
        await pending;
        var p = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        Assert.Empty(PlaylistRules.Check(p, fmp4: true, lowLatency: true));
        Assert.Equal(14, p.MediaSequence);
        Assert.Equal(7, p.Segments.Count);
        // Parts only for the segments starting within 3 target durations of the end.
        Assert.Equal([false, false, false, false, false, true, true], p.Segments.Select(s => s.Parts.Count > 0));
        string Uri(long msn) => $"{h.Muxer.Instance}-{msn}.m4s";
        Assert.Equal(200, (await h.GetAsync(Uri(12))).StatusCode);
        Assert.Equal(200, (await h.GetAsync(Uri(13))).StatusCode);
        Assert.Equal(404, (await h.GetAsync(Uri(11))).StatusCode);
        var status = Assert.Single(h.Muxer.GetStatus().Outputs);
        Assert.Equal(9, status.Segments);
        Assert.InRange(status.Bytes, 9 * 50_000, 11 * 200_000);
    }

    [Fact]
    public async Task A_new_run_starts_a_discontinuity_with_its_own_timeline()
    {
        var clip = await TestClip.LoadAsync();
        await using var h = MuxerHarness.Start();
        var pending = h.GetAsync("fmp4.m3u8");
        await h.PublishAsync(clip, 3.5);
        await pending;
        h.Feed.SetOffline();
        await h.PublishAsync(clip, 2.5); // the camera reconnects: same parameters, timestamps from 0 again
        var p = M3u8.ParseMedia(await h.GetTextAsync("fmp4.m3u8"));
        output.WriteLine(string.Join("\n", p.Segments.Select(s => $"{s.Msn} {s.Duration} d={s.Discontinuity} {s.Map}")));
        Assert.Empty(PlaylistRules.Check(p, fmp4: true, lowLatency: true));
        // 1-3 complete, 4 = the rest of run 1 (0.5 s, last duration estimated), then run 2: 5, 6.
        Assert.Equal([1.0, 1.0, 1.0, 0.5, 1.0, 1.0], p.Segments.Select(s => Math.Round(s.Duration, 5)));
        Assert.Equal([false, false, false, false, true, false], p.Segments.Select(s => s.Discontinuity));
        Assert.Equal(0, p.DiscontinuitySequence);
        Assert.All(p.Segments, s => Assert.Equal($"{h.Muxer.Instance}-init1.mp4", s.Map)); // same camera parameters: same init
    }
}
