using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpTimelineTests
{
    private const int Video = 90_000;
    private const int Frame = 6000; // 15 fps

    /// <summary>Feeds 32-bit RTP timestamps through the unwrapper and the timeline, arrival in track ticks.</summary>
    private static List<RtpTimelineStamp> Run(RtpTimeline timeline, IEnumerable<(uint Ts, long Arrival)> packets)
    {
        var unwrapper = new RtpTimestampUnwrapper();
        return packets.Select(p => timeline.Stamp(unwrapper.Unwrap(p.Ts), p.Arrival)).ToList();
    }

    private static IEnumerable<(uint, long)> Frames(uint firstTs, long firstArrival, int count) =>
        Enumerable.Range(0, count).Select(i => (unchecked(firstTs + (uint)(i * Frame)), firstArrival + (long)i * Frame));

    private static void AssertStrictlyIncreasingWithSaneSteps(List<RtpTimelineStamp> stamps, long maxStep)
    {
        for (int i = 1; i < stamps.Count; i++)
        {
            long step = stamps[i].Dts - stamps[i - 1].Dts;
            Assert.True(step > 1 && step <= maxStep, $"unit {i}: DTS step {step}");
            Assert.True(stamps[i].Pts >= stamps[i].Dts);
        }
    }

    [Fact]
    public void Steady_stream_starts_at_the_arrival_offset_and_follows_rtp()
    {
        var t = new RtpTimeline(Video);
        var s = Run(t, Frames(1_000_000, 1234, 30));
        Assert.Equal(1234, s[0].Dts);
        Assert.Equal(1234 + 29L * Frame, s[^1].Dts);
        Assert.Equal(0, t.Discontinuities);
        Assert.Equal(0, t.ForcedSteps);
        Assert.Equal(Frame, t.NominalStep);
    }

    [Fact]
    public void Wraparound_of_the_32_bit_timestamp_is_not_a_jump()
    {
        var t = new RtpTimeline(Video);
        var s = Run(t, Frames(0xFFFF_0000, 0, 60)); // wraps after ~11 frames
        Assert.Equal(0, t.Discontinuities);
        Assert.Equal(0, t.ForcedSteps);
        Assert.All(s.Zip(s.Skip(1)), p => Assert.Equal(Frame, p.Second.Dts - p.First.Dts));
    }

    [Fact]
    public void Backward_jump_re_anchors_by_arrival_instead_of_one_tick_steps()
    {
        // GStreamer's shared media re-prerolls: timestamps go back 4.6 s, delivery pauses ~100 ms.
        var t = new RtpTimeline(Video);
        var before = Frames(500_000, 0, 70).ToList();
        long lastArrival = before[^1].Item2;
        var after = Frames(500_000 + 1000, lastArrival + Frame + 9000, 70);
        var s = Run(t, before.Concat(after));

        Assert.Equal(1, t.Discontinuities);
        Assert.Equal(0, t.ForcedSteps);
        Assert.True(s[70].Discontinuity);
        Assert.Equal(lastArrival + Frame + 9000, s[70].Dts); // the arrival of the first unit after the jump
        AssertStrictlyIncreasingWithSaneSteps(s, Frame + 9000);
        Assert.Equal(Frame, s[^1].Dts - s[^2].Dts);
    }

    [Fact]
    public void Backward_jump_whose_arrival_is_early_continues_one_interval_after_the_last_unit()
    {
        // The sender's clock ran ahead of ours: arrival-based PTS would be before the last DTS.
        var t = new RtpTimeline(Video);
        var before = Frames(500_000, 0, 70).ToList();
        var s = Run(t, before.Concat(Frames(100, 10 * Frame, 10)));
        Assert.Equal(1, t.Discontinuities);
        Assert.Equal(s[69].Dts + Frame, s[70].Dts);
        AssertStrictlyIncreasingWithSaneSteps(s, Frame);
    }

    [Fact]
    public void Forward_jump_beyond_the_limit_re_anchors()
    {
        var t = new RtpTimeline(Video);
        var before = Frames(0, 0, 20).ToList();
        // Timestamps leap 1 hour ahead; the units keep arriving at the frame rate.
        var s = Run(t, before.Concat(Frames(20 * Frame + 3600 * Video, 20L * Frame, 20)));
        Assert.Equal(1, t.Discontinuities);
        Assert.Equal((long)Video * 3600 + Frame, t.LastJump);
        AssertStrictlyIncreasingWithSaneSteps(s, Frame);
        Assert.Equal(39L * Frame, s[^1].Dts);
    }

    [Fact]
    public void Real_gap_within_the_limit_is_kept()
    {
        var t = new RtpTimeline(Video);
        var s = Run(t, Frames(0, 0, 10).Concat(Frames(9 * Frame + 3 * Video, 9L * Frame + 3 * Video, 10)));
        Assert.Equal(0, t.Discontinuities);
        Assert.Equal(3L * Video, s[10].Dts - s[9].Dts);
    }

    [Fact]
    public void Small_backward_steps_keep_the_one_tick_handling()
    {
        var t = new RtpTimeline(Video);
        // I0 P3 B1 B2 P6 B4 B5 in decode order (B-frames: RTP timestamps are presentation times).
        uint[] ts = [0, 3 * Frame, Frame, 2 * Frame, 6 * Frame, 4 * Frame, 5 * Frame];
        var s = Run(t, ts.Select(x => (x, 0L)));
        Assert.Equal(0, t.Discontinuities);
        Assert.Equal(4, t.ForcedSteps);
        Assert.Equal([0L, 3 * Frame, 3 * Frame + 1, 3 * Frame + 2, 6 * Frame, 6 * Frame + 1, 6 * Frame + 2], s.Select(x => x.Dts));
        Assert.All(s, x => Assert.True(x.Pts >= x.Dts));
    }

    [Fact]
    public void Audio_and_video_re_anchor_to_the_same_arrival_time()
    {
        // Both tracks of the camera jump back by different amounts; after the jump both are placed
        // by arrival, so a unit arriving at the same moment gets the same time in either track.
        var video = new RtpTimeline(Video);
        var audio = new RtpTimeline(8000);
        var vu = new RtpTimestampUnwrapper();
        var au = new RtpTimestampUnwrapper();
        long vLast = 0, aLast = 0;
        for (int i = 0; i < 100; i++)
        {
            vLast = video.Stamp(vu.Unwrap((uint)(90_000 + i * Frame)), i * (long)Frame).Dts;
            aLast = audio.Stamp(au.Unwrap((uint)(7_000 + i * 533)), i * 533L).Dts;
        }
        long arrivalSeconds = 7;
        var v = video.Stamp(vu.Unwrap(12_345), arrivalSeconds * Video);
        var a = audio.Stamp(au.Unwrap(77), arrivalSeconds * 8000);
        Assert.True(v.Discontinuity && a.Discontinuity);
        Assert.Equal(arrivalSeconds * Video, v.Dts);
        Assert.Equal(arrivalSeconds * 8000, a.Dts);
        Assert.True(v.Dts > vLast && a.Dts > aLast);
    }

    [Fact]
    public void Sender_restart_with_a_random_offset_re_anchors()
    {
        // The reorder buffer restarted (sequence leap): the unwrapper is reset and returns the raw
        // 32-bit value, far from the previous extended timestamps.
        var t = new RtpTimeline(Video);
        var u = new RtpTimestampUnwrapper();
        long last = 0;
        for (int i = 0; i < 10; i++) last = t.Stamp(u.Unwrap((uint)(i * Frame)), i * (long)Frame).Dts;
        u.Reset();
        var s = t.Stamp(u.Unwrap(0xC000_0000), 10L * Frame);
        Assert.True(s.Discontinuity);
        Assert.Equal(last + Frame, s.Dts);
    }
}
