namespace Nvr.Media.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps (RFC 3550 §5.1) to 64 bits across wraps.
/// </summary>
/// <remarks>
/// Each timestamp is placed at the signed 32-bit distance from the previous one, so steps back
/// (B-frames: RTP timestamps of H.264/H.265 follow presentation order, RFC 6184 §5.1) and wraps
/// from 0xFFFFFFFF to 0 both come out right as long as consecutive timestamps are less than
/// 2^31 ticks apart (6.6 hours at 90 kHz). The first value is returned unchanged, so a later
/// step back can make the result negative; consumers use differences, not absolute values.
/// </remarks>
public sealed class RtpTimestampUnwrapper
{
    private bool _started;
    private uint _last;
    private long _lastExtended;

    /// <summary>The last extended value returned; 0 before the first call.</summary>
    public long Last => _lastExtended;

    public void Reset()
    {
        _started = false;
        _last = 0;
        _lastExtended = 0;
    }

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = timestamp;
            _lastExtended = timestamp;
            return timestamp;
        }
        _lastExtended += (int)(timestamp - _last);
        _last = timestamp;
        return _lastExtended;
    }
}
