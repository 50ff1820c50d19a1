namespace Nvr.Media.Rtp;

/// <summary>
/// Turns in-order RTP packets of one track into access units. A synchronous state machine:
/// expected outcomes (need more packets, a unit dropped because of loss, an oversized unit) are
/// counted and reported through return values, never thrown.
/// </summary>
/// <remarks>
/// The caller (RTSP session adapter) unwraps the 32-bit RTP timestamp to 64 bits, reorders UDP
/// packets, and passes <c>lossBefore = true</c> when sequence numbers show that packets are
/// missing before this one; the depacketizer then drops the access unit in progress whole.
/// </remarks>
public abstract class RtpDepacketizer
{
    /// <summary>Default cap on one access unit: a 4K I-frame at high bitrate stays well below this.</summary>
    public const int DefaultMaxUnitSize = 8 * 1024 * 1024;

    protected RtpDepacketizer(int maxUnitSize = DefaultMaxUnitSize) => MaxUnitSize = maxUnitSize;

    public int MaxUnitSize { get; }

    /// <summary>Access units dropped because a packet of theirs was lost.</summary>
    public long UnitsDroppedForLoss { get; protected set; }
    /// <summary>Access units dropped because they exceeded <see cref="MaxUnitSize"/>.</summary>
    public long UnitsDroppedOversize { get; protected set; }
    /// <summary>Packets that could not be interpreted (bad NAL header, truncated aggregation, ...).</summary>
    public long PacketsMalformed { get; protected set; }

    /// <summary>
    /// Pushes one packet. Zero or more completed units are appended to <paramref name="output"/>.
    /// </summary>
    public abstract void Push(in RtpPacket packet, long timestamp, bool lossBefore, List<DepacketizedUnit> output);

    /// <summary>Completes a unit in progress, if any (end of stream). Default: nothing to flush.</summary>
    public virtual void Flush(List<DepacketizedUnit> output)
    {
    }
}
