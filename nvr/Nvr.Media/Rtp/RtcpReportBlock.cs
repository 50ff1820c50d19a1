using System.Buffers.Binary;

namespace Nvr.Media.Rtp;

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.
/// </summary>
/// <remarks>
/// <code>
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |  signed 24 bits
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |  units of 1/65536 s
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </remarks>
/// <param name="Ssrc">Source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, fixed point /256.</param>
/// <param name="CumulativeLost">Packets lost since the start, clamped to the signed 24-bit range.</param>
/// <param name="ExtendedHighestSequence">Cycles (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received, 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 s, 0 if none.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;
    public const int MaxCumulativeLost = 0x7FFFFF;
    public const int MinCumulativeLost = -0x800000;

    /// <summary>Reads a block from exactly <see cref="Size"/> or more bytes (caller checks length).</summary>
    internal static RtcpReportBlock Read(ReadOnlySpan<byte> s)
    {
        // Sign-extend the 24-bit cumulative count.
        int cumulative = ((s[5] << 16) | (s[6] << 8) | s[7]) << 8 >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(s),
            s[4],
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(s[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[20..]));
    }

    internal void Write(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt32BigEndian(d, Ssrc);
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        d[4] = FractionLost;
        d[5] = (byte)(lost >> 16);
        d[6] = (byte)(lost >> 8);
        d[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], DelaySinceLastSenderReport);
    }
}
