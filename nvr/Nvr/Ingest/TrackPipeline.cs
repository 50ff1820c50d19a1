using Nvr.Cameras;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Rtp;

namespace Nvr.Ingest;

/// <summary>
/// One RTP track of an ingest run: reorder/loss detection → timestamp unwrap → depacketizer →
/// <see cref="MediaUnit"/>s with PTS/DTS in the track clock (see nvr/design/ingest.md, "Track clocks").
/// Not thread-safe: the owning <see cref="IngestRun"/> serialises calls.
/// </summary>
internal sealed class TrackPipeline
{
    private readonly RtpReorderBuffer _reorder;
    private readonly RtpTimestampUnwrapper _timestamps = new();
    private readonly RtpReceiverStats _receiver;
    private readonly List<RtpReorderedPacket> _released = [];
    private readonly IngestStatistics _stats;
    private readonly RtpTimeline _timeline;
    private long _lost, _reordered, _dropped, _malformed;
    private int _parameterSetsVersion;

    public TrackPipeline(TrackDescription description, int payloadType, RtpDepacketizer depacketizer, bool reorder, IngestStatistics stats, long ticksPerSecond)
    {
        Description = description;
        PayloadType = payloadType;
        Depacketizer = depacketizer;
        _stats = stats;
        // UDP: hold out-of-order packets up to 50 ms (one or two frame intervals) before declaring
        // loss. TCP delivers in order, so the buffer is a plain loss detector.
        _reorder = new RtpReorderBuffer(RtpReorderBuffer.DefaultCapacity, reorder ? TimeSpan.FromMilliseconds(50) : TimeSpan.Zero, ticksPerSecond);
        _receiver = new RtpReceiverStats(description.ClockRate, ticksPerSecond);
        _timeline = new RtpTimeline(description.ClockRate);
    }

    public TrackDescription Description { get; set; }
    public int PayloadType { get; }
    public RtpDepacketizer Depacketizer { get; }
    public RtpReceiverStats Receiver => _receiver;

    /// <summary>Video units whose parameter sets were not known yet (nobody could decode them).</summary>
    public long UnitsWithoutParameters { get; set; }

    /// <summary>True when the depacketizer saw in-band parameter sets different from the last ones.</summary>
    public bool TakeParameterSetsChanged()
    {
        if (Depacketizer is not NalUnitDepacketizer n || n.ParameterSetsVersion == _parameterSetsVersion) return false;
        _parameterSetsVersion = n.ParameterSetsVersion;
        return true;
    }

    /// <summary>Takes one received RTP packet; completed units are appended to <paramref name="output"/>.</summary>
    public void Push(in RtpPacket packet, long nowTicks, List<DepacketizedUnit> output)
    {
        _receiver.Update(packet, nowTicks);
        var result = _reorder.Push(packet, nowTicks, _released);
        if (result == RtpReorderResult.Restarted) _timestamps.Reset();
        foreach (var r in _released)
        {
            long ts = _timestamps.Unwrap(r.Packet.Timestamp);
            Depacketizer.Push(r.Packet, ts, r.LossBefore, output);
        }
        _released.Clear();
        Account();
    }

    /// <summary>
    /// Maps a depacketized unit to track-clock PTS/DTS (strictly increasing DTS); a timestamp
    /// discontinuity re-anchors the track by arrival (<see cref="RtpTimeline"/>).
    /// </summary>
    public RtpTimelineStamp Stamp(long timestamp, long arrivalOffsetTicks)
    {
        var stamp = _timeline.Stamp(timestamp, arrivalOffsetTicks);
        if (stamp.Discontinuity) _stats.AddTimestampDiscontinuity();
        return stamp;
    }

    /// <summary>The timestamp step of the last discontinuity, in seconds.</summary>
    public double LastJumpSeconds => _timeline.LastJump / (double)Description.ClockRate;

    /// <summary>Units whose DTS was forced to last DTS + 1 in this run.</summary>
    public long ForcedDtsSteps => _timeline.ForcedSteps;

    private void Account()
    {
        Delta(ref _lost, _reorder.PacketsLost, _stats.AddLost);
        Delta(ref _reordered, _reorder.PacketsReordered, _stats.AddReordered);
        Delta(ref _dropped, Depacketizer.UnitsDroppedForLoss + Depacketizer.UnitsDroppedOversize, _stats.AddUnitsDropped);
        Delta(ref _malformed, Depacketizer.PacketsMalformed, _stats.AddMalformed);

        static void Delta(ref long seen, long now, Action<long> add)
        {
            if (now != seen)
            {
                add(now - seen);
                seen = now;
            }
        }
    }
}
