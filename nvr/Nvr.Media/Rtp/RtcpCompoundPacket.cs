using System.Buffers.Binary;
using System.Text;

namespace Nvr.Media.Rtp;

/// <summary>
/// A parsed compound RTCP packet (RFC 3550 §6.1): SR, RR, SDES and BYE packets are decoded; any
/// other type (APP, RTPFB/PSFB feedback, XR, ...) is skipped by its length and counted.
/// </summary>
/// <remarks>
/// <code>
/// every packet of the compound starts with:
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  count  |      PT       |  length (32-bit words - 1)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Two levels of failure. The framing (version 2, each length inside the buffer, padding inside
/// its packet) must hold for the whole buffer or <see cref="TryParse"/> returns false. A packet
/// whose framing is fine but whose content does not fit its own length (a report count larger
/// than the packet, an SDES item running past the end) is skipped and counted in
/// <see cref="MalformedPackets"/>, so one bad SDES does not cost the SR next to it.
/// Every read is bounded by the packet length; counts are 5-bit, so no list exceeds 31 entries.
/// RFC 3550 §6.1 says a compound starts with SR or RR; that is not enforced (a lone BYE is common).
/// </remarks>
public sealed class RtcpCompoundPacket
{
    private const int HeaderSize = 4;
    private const int SenderInfoSize = 20;

    private RtcpCompoundPacket()
    {
    }

    public IReadOnlyList<RtcpSenderReport> SenderReports { get; private set; } = [];
    public IReadOnlyList<RtcpReceiverReport> ReceiverReports { get; private set; } = [];
    public IReadOnlyList<RtcpSourceDescription> SourceDescriptions { get; private set; } = [];
    public IReadOnlyList<RtcpGoodbye> Goodbyes { get; private set; } = [];
    /// <summary>Packets of a type this parser does not decode, skipped by length.</summary>
    public int UnknownPackets { get; private set; }
    /// <summary>Well-framed packets whose content did not fit their length; skipped.</summary>
    public int MalformedPackets { get; private set; }

    /// <summary>
    /// Parses a compound packet. Returns false (never throws) when the framing is broken: empty
    /// input, a version other than 2, a length or padding count running past the buffer.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpCompoundPacket packet)
    {
        packet = new RtcpCompoundPacket();
        if (data.Length < HeaderSize) return false;
        List<RtcpSenderReport>? srs = null;
        List<RtcpReceiverReport>? rrs = null;
        List<RtcpSourceDescription>? sdes = null;
        List<RtcpGoodbye>? byes = null;
        int offset = 0;
        while (offset < data.Length)
        {
            var rest = data[offset..];
            if (rest.Length < HeaderSize) return false;
            byte b0 = rest[0];
            if (b0 >> 6 != 2) return false;
            int size = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
            if (size > rest.Length) return false;
            int count = b0 & 0x1F;
            var body = rest[HeaderSize..size];
            if ((b0 & 0x20) != 0)
            {
                // §6.4.1: the last octet of a padded packet counts the padding octets, itself included.
                if (body.Length == 0) return false;
                int pad = body[^1];
                if (pad == 0 || pad > body.Length) return false;
                body = body[..^pad];
            }
            bool ok = true;
            switch ((RtcpPacketType)rest[1])
            {
                case RtcpPacketType.SenderReport:
                    ok = TryReadSenderReport(body, count, out var sr);
                    if (ok) (srs ??= []).Add(sr!);
                    break;
                case RtcpPacketType.ReceiverReport:
                    ok = TryReadReceiverReport(body, count, out var rr);
                    if (ok) (rrs ??= []).Add(rr!);
                    break;
                case RtcpPacketType.SourceDescription:
                    ok = TryReadSourceDescription(body, count, sdes ??= []);
                    break;
                case RtcpPacketType.Goodbye:
                    ok = TryReadGoodbye(body, count, out var bye);
                    if (ok) (byes ??= []).Add(bye!);
                    break;
                default:
                    packet.UnknownPackets++;
                    break;
            }
            if (!ok) packet.MalformedPackets++;
            offset += size;
        }
        if (srs is not null) packet.SenderReports = srs;
        if (rrs is not null) packet.ReceiverReports = rrs;
        if (sdes is not null) packet.SourceDescriptions = sdes;
        if (byes is not null) packet.Goodbyes = byes;
        return true;
    }

    private static bool TryReadSenderReport(ReadOnlySpan<byte> body, int count, out RtcpSenderReport? report)
    {
        report = null;
        if (body.Length < 4 + SenderInfoSize + count * RtcpReportBlock.Size) return false;
        var ntp = NtpTimestamp.FromParts(
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[8..]));
        report = new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            ntp,
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ReadBlocks(body[(4 + SenderInfoSize)..], count));
        return true;
    }

    private static bool TryReadReceiverReport(ReadOnlySpan<byte> body, int count, out RtcpReceiverReport? report)
    {
        report = null;
        if (body.Length < 4 + count * RtcpReportBlock.Size) return false;
        report = new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), ReadBlocks(body[4..], count));
        return true;
    }

    private static RtcpReportBlock[] ReadBlocks(ReadOnlySpan<byte> s, int count)
    {
        if (count == 0) return [];
        var blocks = new RtcpReportBlock[count];
        for (int i = 0; i < count; i++) blocks[i] = RtcpReportBlock.Read(s[(i * RtcpReportBlock.Size)..]);
        return blocks;
    }

    private static bool TryReadSourceDescription(ReadOnlySpan<byte> body, int count, List<RtcpSourceDescription> output)
    {
        int pos = 0;
        int added = 0;
        for (int chunk = 0; chunk < count; chunk++)
        {
            if (pos + 4 > body.Length) return Undo(output, added);
            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[pos..]);
            pos += 4;
            string? cname = null;
            while (true)
            {
                if (pos >= body.Length) return Undo(output, added);
                byte type = body[pos];
                if (type == 0)
                {
                    // End of item list; the chunk is padded with nulls to a 32-bit boundary (§6.5).
                    pos = (pos + 4) & ~3;
                    break;
                }
                if (pos + 2 > body.Length) return Undo(output, added);
                int length = body[pos + 1];
                if (pos + 2 + length > body.Length) return Undo(output, added);
                if (type == 1) cname = Encoding.UTF8.GetString(body.Slice(pos + 2, length));
                pos += 2 + length;
            }
            output.Add(new RtcpSourceDescription(ssrc, cname));
            added++;
        }
        return true;
    }

    private static bool Undo(List<RtcpSourceDescription> output, int added)
    {
        output.RemoveRange(output.Count - added, added);
        return false;
    }

    private static bool TryReadGoodbye(ReadOnlySpan<byte> body, int count, out RtcpGoodbye? bye)
    {
        bye = null;
        if (body.Length < count * 4) return false;
        var ssrcs = new uint[count];
        for (int i = 0; i < count; i++) ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * 4)..]);
        string? reason = null;
        var tail = body[(count * 4)..];
        if (tail.Length > 0 && tail[0] != 0)
        {
            int length = tail[0];
            if (1 + length > tail.Length) return false;
            reason = Encoding.UTF8.GetString(tail.Slice(1, length));
        }
        bye = new RtcpGoodbye(ssrcs, reason);
        return true;
    }
}
