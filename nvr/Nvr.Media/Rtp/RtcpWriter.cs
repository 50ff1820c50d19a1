using System.Buffers.Binary;
using System.Text;

namespace Nvr.Media.Rtp;

/// <summary>
/// Writes RTCP packets (RFC 3550 §6.4–§6.6) into a span. Each method writes one packet and
/// returns its size; concatenate calls to build a compound packet (§6.1: SR or RR first, then
/// SDES with CNAME). Nothing is padded. A destination that is too small, more than 31 report
/// blocks or a CNAME over 255 UTF-8 bytes are programming errors and throw
/// <see cref="ArgumentException"/>; use the <c>...Size</c> methods to size the buffer.
/// </summary>
public static class RtcpWriter
{
    public const int MaxReportBlocks = 31;
    private const int HeaderSize = 4;

    public static int ReceiverReportSize(int blockCount) => HeaderSize + 4 + blockCount * RtcpReportBlock.Size;

    public static int SenderReportSize(int blockCount) => HeaderSize + 24 + blockCount * RtcpReportBlock.Size;

    /// <summary>SDES with one chunk holding one CNAME item, null-terminated and padded to 32 bits.</summary>
    public static int SourceDescriptionSize(string cname)
    {
        int chunk = 4 + 2 + Encoding.UTF8.GetByteCount(cname) + 1;
        return HeaderSize + ((chunk + 3) & ~3);
    }

    public static int GoodbyeSize(int ssrcCount) => HeaderSize + 4 * ssrcCount;

    /// <summary>RR (§6.4.2) from <paramref name="ssrc"/> (the receiver's own SSRC) with the given blocks.</summary>
    public static int WriteReceiverReport(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        CheckBlocks(blocks);
        int size = ReceiverReportSize(blocks.Length);
        CheckSize(destination, size);
        WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        WriteBlocks(destination[8..], blocks);
        return size;
    }

    /// <summary>SR (§6.4.1). <paramref name="ntpTime"/> and <paramref name="rtpTimestamp"/> must name the same instant.</summary>
    public static int WriteSenderReport(
        Span<byte> destination,
        uint ssrc,
        NtpTimestamp ntpTime,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<RtcpReportBlock> blocks = default)
    {
        CheckBlocks(blocks);
        int size = SenderReportSize(blocks.Length);
        CheckSize(destination, size);
        WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTime.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        WriteBlocks(destination[28..], blocks);
        return size;
    }

    /// <summary>SR (§6.4.1) with the NTP time converted from a UTC <see cref="DateTime"/>.</summary>
    public static int WriteSenderReport(
        Span<byte> destination,
        uint ssrc,
        DateTime wallClockUtc,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<RtcpReportBlock> blocks = default)
        => WriteSenderReport(destination, ssrc, NtpTimestamp.FromDateTime(wallClockUtc), rtpTimestamp, packetCount, octetCount, blocks);

    /// <summary>SDES (§6.5) with one chunk for <paramref name="ssrc"/> carrying a CNAME item (§6.5.1).</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string cname)
    {
        int nameBytes = Encoding.UTF8.GetByteCount(cname);
        if (nameBytes > 255) throw new ArgumentException("CNAME longer than 255 bytes", nameof(cname));
        int size = SourceDescriptionSize(cname);
        CheckSize(destination, size);
        WriteHeader(destination, 1, RtcpPacketType.SourceDescription, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1; // CNAME
        destination[9] = (byte)nameBytes;
        Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[(10 + nameBytes)..size].Clear(); // end-of-list null item and padding
        return size;
    }

    /// <summary>BYE (§6.6) for one source, without a reason.</summary>
    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        int size = GoodbyeSize(1);
        CheckSize(destination, size);
        WriteHeader(destination, 1, RtcpPacketType.Goodbye, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return size;
    }

    private static void WriteHeader(Span<byte> d, int count, RtcpPacketType type, int size)
    {
        d[0] = (byte)(0x80 | count);
        d[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)(size / 4 - 1));
    }

    private static void WriteBlocks(Span<byte> d, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++) blocks[i].Write(d[(i * RtcpReportBlock.Size)..]);
    }

    private static void CheckBlocks(ReadOnlySpan<RtcpReportBlock> blocks)
    {
        if (blocks.Length > MaxReportBlocks) throw new ArgumentException("at most 31 report blocks fit one packet", nameof(blocks));
    }

    private static void CheckSize(Span<byte> destination, int size)
    {
        if (destination.Length < size) throw new ArgumentException($"destination holds {destination.Length} bytes, {size} needed", nameof(destination));
    }
}
