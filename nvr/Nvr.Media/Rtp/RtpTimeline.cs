namespace Nvr.Media.Rtp;

/// <summary>
/// Maps one track's extended RTP timestamps (RFC 3550 §5.1, unwrapped by
/// <see cref="RtpTimestampUnwrapper"/>) to a track-clock timeline with strictly increasing DTS,
/// and re-anchors that timeline when the sender's timestamps are discontinuous.
/// </summary>
/// <remarks>
/// <para>Normal operation (nvr/design/ingest.md, "Track clocks"): PTS = timestamp − first
/// timestamp + the arrival offset of the track's first unit from the run's anchor, so tracks are
/// aligned by arrival at the start and driven by RTP timestamps after it. DTS = PTS, forced strictly
/// increasing: a repeated timestamp or a small step back (B-frames: RTP timestamps follow
/// presentation order, RFC 6184 §5.1; cameras with a jittery encoder clock) becomes last DTS + 1.</para>
/// <para>Discontinuity: a step back of more than <see cref="BackwardTolerance"/> or forward of more
/// than <see cref="ForwardLimit"/> is not media time passing. RFC 3550 §5.1 only promises that
/// timestamps increase linearly within one timing source; a GStreamer rtsp-server whose shared
/// media re-prerolls when a second client connects restarts its timestamps at the pipeline's
/// running time (seen: −4.6 s on video and audio alike), and a sender restart that keeps its
/// SSRC starts from a new random offset. The timeline then re-anchors exactly as it anchored at the
/// start of the run — by arrival — so every track of a run lands on the same (wall) time again and
/// A/V stays aligned to within arrival jitter. It never goes back: when arrival puts the unit at or
/// before the last DTS (the sender's clock ran ahead of ours), it continues at last DTS + one
/// nominal interval (the last normal step). A 32-bit wrap is not a step: the unwrapper already
/// turned it into +1 frame.</para>
/// Pure: the caller supplies the arrival offset (in the track clock); no clock is read here.
/// </remarks>
public sealed class RtpTimeline
{
    private long _firstTimestamp;
    private long _base;
    private long _lastTimestamp;
    private long _lastDts = long.MinValue;
    private long _maxPts = long.MinValue;
    private long _step;
    private bool _started;

    /// <param name="clockRate">The track's RTP clock rate (Hz).</param>
    public RtpTimeline(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ClockRate = clockRate;
        BackwardTolerance = clockRate; // 1 s: deeper than any B-frame reorder an IP camera uses
        ForwardLimit = 5L * clockRate; // 5 s: the ingest's stall timeout; a real gap is re-anchored by arrival anyway
        _step = Math.Max(1, clockRate / 30);
    }

    public int ClockRate { get; }

    /// <summary>Largest step back (ticks) still treated as reordering/jitter (+1 tick handling).</summary>
    public long BackwardTolerance { get; init; }

    /// <summary>Largest step forward (ticks) still treated as media time passing.</summary>
    public long ForwardLimit { get; init; }

    /// <summary>Discontinuities seen (each re-anchored the timeline).</summary>
    public long Discontinuities { get; private set; }

    /// <summary>The timestamp step (ticks) of the last discontinuity.</summary>
    public long LastJump { get; private set; }

    /// <summary>Units whose DTS was forced to last DTS + 1 (repeated or slightly earlier timestamp).</summary>
    public long ForcedSteps { get; private set; }

    /// <summary>The nominal interval: the last normal forward step of the timestamps (ticks).</summary>
    public long NominalStep => _step;

    /// <summary>
    /// Places one unit. <paramref name="arrivalOffset"/> is the unit's arrival time since the run's
    /// anchor, in this track's clock; it is used for the first unit and after a discontinuity only.
    /// </summary>
    public RtpTimelineStamp Stamp(long timestamp, long arrivalOffset)
    {
        bool discontinuity = false;
        if (!_started)
        {
            _started = true;
            _firstTimestamp = timestamp;
            _base = arrivalOffset;
        }
        else
        {
            long delta = timestamp - _lastTimestamp;
            if (delta < -BackwardTolerance || delta > ForwardLimit)
            {
                discontinuity = true;
                Discontinuities++;
                LastJump = delta;
                _firstTimestamp = timestamp;
                _base = Math.Max(arrivalOffset, Math.Max(_maxPts, _lastDts) + _step);
            }
            else if (delta > 0)
            {
                _step = delta;
            }
        }
        _lastTimestamp = timestamp;
        long pts = timestamp - _firstTimestamp + _base;
        long dts = pts;
        if (dts <= _lastDts)
        {
            dts = _lastDts + 1;
            ForcedSteps++;
        }
        _lastDts = dts;
        _maxPts = Math.Max(_maxPts, pts);
        return new RtpTimelineStamp(Math.Max(pts, dts), dts, discontinuity);
    }
}
