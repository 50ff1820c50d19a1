namespace Nvr.Media.Rtp;

/// <summary>
/// Extends 16-bit RTP sequence numbers to 64 bits, counting wraps, with the validity rules of
/// RFC 3550 appendix A.1 (<c>update_seq</c>): a step forward of less than
/// <see cref="MaxDropout"/> is in order (gaps are loss), a step back of up to
/// <see cref="MaxMisorder"/> is an old (late or duplicate) packet, anything else is a jump that is
/// accepted only when the next packet follows it (the sender restarted).
/// </summary>
/// <remarks>
/// Unlike A.1 there is no probation at start: the first packet is accepted (a camera's first
/// RTP packet after PLAY is trustworthy). Call <see cref="Reset"/> on an SSRC change.
/// The first extended number is the 16-bit value itself, so extended numbers are never negative.
/// </remarks>
public sealed class RtpSequenceUnwrapper
{
    /// <summary>RFC 3550 A.1 MAX_DROPOUT.</summary>
    public const int MaxDropout = 3000;
    /// <summary>RFC 3550 A.1 MAX_MISORDER.</summary>
    public const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private bool _started;
    private long _highest;
    private int _badSequence = -1;

    /// <summary>Highest extended sequence number accepted so far; -1 before the first packet.</summary>
    public long Highest => _started ? _highest : -1;

    /// <summary>Extended number of the first packet (after the last restart).</summary>
    public long Base { get; private set; }

    public void Reset()
    {
        _started = false;
        _highest = 0;
        _badSequence = -1;
        Base = 0;
    }

    /// <summary>
    /// Classifies <paramref name="sequence"/> and returns its extended number in
    /// <paramref name="extended"/> (for <see cref="RtpSequenceStatus.Invalid"/>: -1).
    /// </summary>
    public RtpSequenceStatus Unwrap(ushort sequence, out long extended)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequence;
            Base = sequence;
            _badSequence = -1;
            extended = sequence;
            return RtpSequenceStatus.First;
        }
        ushort highest16 = (ushort)_highest;
        int forward = (ushort)(sequence - highest16);
        if (forward != 0 && forward < MaxDropout)
        {
            _highest += forward;
            _badSequence = -1;
            extended = _highest;
            return RtpSequenceStatus.InOrder;
        }
        int backward = (ushort)(highest16 - sequence);
        if (backward <= MaxMisorder)
        {
            extended = _highest - backward;
            return RtpSequenceStatus.Old;
        }
        if (sequence == _badSequence)
        {
            // Two sequential packets after a jump: the sender restarted. Continue the extended
            // numbering above everything returned so far, keeping the low 16 bits equal.
            long next = (_highest & ~(long)(SequenceModulus - 1)) + sequence;
            if (next <= _highest) next += SequenceModulus;
            _highest = next;
            Base = next;
            _badSequence = -1;
            extended = next;
            return RtpSequenceStatus.Restarted;
        }
        _badSequence = (sequence + 1) & (SequenceModulus - 1);
        extended = -1;
        return RtpSequenceStatus.Invalid;
    }
}
