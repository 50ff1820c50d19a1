namespace Nvr.Media.Rtp;

/// <summary>
/// Reception statistics of one RTP source, kept as RFC 3550 appendix A.3 (expected, lost,
/// fraction lost) and A.8 (interarrival jitter) describe, to fill the report block of an RR.
/// </summary>
/// <remarks>
/// Feed every packet as it arrives (before any reordering) with its arrival time in a monotonic
/// tick unit of <c>ticksPerSecond</c> (e.g. <c>TimeProvider.GetTimestamp()</c> with
/// <c>TimeProvider.TimestampFrequency</c>). Sequence validity follows A.1 through
/// <see cref="RtpSequenceUnwrapper"/>: packets it calls invalid are not counted; a confirmed
/// restart of the numbering starts the counts afresh. A packet from another SSRC resets all
/// state and adopts the new source (a camera that restarts its encoder picks a new SSRC).
/// Duplicates count as received, so <see cref="CumulativeLost"/> can go negative, as in A.3.
/// </remarks>
public sealed class RtpReceiverStats
{
    private readonly int _clockRate;
    private readonly long _ticksPerSecond;
    private readonly RtpSequenceUnwrapper _sequence = new();

    private bool _hasSource;
    private long _firstArrivalTicks;
    private bool _hasTransit;
    private uint _lastTransit;
    private long _jitterScaled; // jitter × 16, as in A.8
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _hasSenderReport;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    public RtpReceiverStats(int clockRate, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _clockRate = clockRate;
        _ticksPerSecond = ticksPerSecond;
    }

    /// <summary>SSRC of the source being measured; meaningful once <see cref="PacketsReceived"/> &gt; 0.</summary>
    public uint Ssrc { get; private set; }
    /// <summary>Valid packets received since the start (or restart), duplicates included.</summary>
    public long PacketsReceived { get; private set; }
    /// <summary>Packets the sequence numbers say were sent: highest − base + 1.</summary>
    public long PacketsExpected => PacketsReceived == 0 ? 0 : _sequence.Highest - _sequence.Base + 1;
    /// <summary>Expected − received, unclamped (the RR field clamps it to 24 bits).</summary>
    public long CumulativeLost => PacketsExpected - PacketsReceived;
    /// <summary>Interarrival jitter estimate in RTP timestamp units.</summary>
    public uint Jitter => (uint)Math.Min(_jitterScaled >> 4, uint.MaxValue);
    /// <summary>Highest extended sequence number, -1 before the first packet.</summary>
    public long HighestSequence => _sequence.Highest;

    /// <summary>Accounts one arriving packet; returns how its sequence number was classified.</summary>
    public RtpSequenceStatus Update(in RtpPacket packet, long arrivalTicks)
    {
        if (_hasSource && packet.Ssrc != Ssrc) Reset();
        if (!_hasSource)
        {
            _hasSource = true;
            Ssrc = packet.Ssrc;
            _firstArrivalTicks = arrivalTicks;
        }
        var status = _sequence.Unwrap(packet.SequenceNumber, out _);
        switch (status)
        {
            case RtpSequenceStatus.Invalid:
                return status;
            case RtpSequenceStatus.Restarted:
                PacketsReceived = 0;
                _expectedPrior = 0;
                _receivedPrior = 0;
                _hasTransit = false;
                break;
        }
        PacketsReceived++;
        UpdateJitter(packet.Timestamp, arrivalTicks);
        return status;
    }

    /// <summary>Remembers an SR from this source for the LSR/DLSR fields (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(NtpTimestamp ntpTime, long arrivalTicks)
    {
        _hasSenderReport = true;
        _lastSenderReport = ntpTime.Middle32;
        _lastSenderReportArrival = arrivalTicks;
    }

    /// <summary>
    /// Builds the report block for an RR and starts a new interval for <c>fraction lost</c>.
    /// Returns false (and leaves the interval alone) when no packet was received yet.
    /// </summary>
    public bool TryCreateReportBlock(long nowTicks, out RtcpReportBlock block)
    {
        block = default;
        if (PacketsReceived == 0) return false;
        long expected = PacketsExpected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = PacketsReceived - _receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = PacketsReceived;
        byte fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = 0;
        if (_hasSenderReport)
        {
            long elapsed = Math.Max(0, nowTicks - _lastSenderReportArrival);
            dlsr = (uint)Math.Min(uint.MaxValue, (long)((Int128)elapsed * 65536 / _ticksPerSecond));
        }
        block = new RtcpReportBlock(
            Ssrc,
            fraction,
            (int)Math.Clamp(CumulativeLost, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost),
            (uint)_sequence.Highest,
            Jitter,
            _hasSenderReport ? _lastSenderReport : 0,
            dlsr);
        return true;
    }

    /// <summary>Forgets everything (new source).</summary>
    public void Reset()
    {
        _sequence.Reset();
        _hasSource = false;
        Ssrc = 0;
        PacketsReceived = 0;
        _hasTransit = false;
        _lastTransit = 0;
        _jitterScaled = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _hasSenderReport = false;
        _lastSenderReport = 0;
        _lastSenderReportArrival = 0;
    }

    private void UpdateJitter(uint rtpTimestamp, long arrivalTicks)
    {
        // A.8: transit = arrival (in RTP units) − timestamp; J += (|D| − J) / 16, kept scaled by 16.
        // 32-bit arithmetic, as in A.8, makes RTP timestamp wraps harmless.
        long relative = arrivalTicks - _firstArrivalTicks;
        uint arrival = (uint)(long)((Int128)relative * _clockRate / _ticksPerSecond);
        uint transit = arrival - rtpTimestamp;
        if (_hasTransit)
        {
            long d = Math.Abs((long)(int)(transit - _lastTransit));
            _jitterScaled += d - ((_jitterScaled + 8) >> 4);
        }
        _hasTransit = true;
        _lastTransit = transit;
    }
}
