using System.Buffers.Binary;

namespace Nvr.Media.Rtp;

/// <summary>
/// An RTP data packet (RFC 3550 §5.1). The payload excludes CSRCs, the header extension and padding.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |  CC × 32 bits
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | defined by profile (16)       |  length in 32-bit words (16)  |  if X (§5.3.1)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                payload ...    | padding ... | padding count   |  if P
/// </code>
/// </remarks>
public readonly struct RtpPacket
{
    public const int FixedHeaderSize = 12;

    public RtpPacket(byte payloadType, bool marker, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlyMemory<byte> payload)
    {
        PayloadType = payloadType;
        Marker = marker;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    public byte PayloadType { get; }
    public bool Marker { get; }
    public ushort SequenceNumber { get; }
    public uint Timestamp { get; }
    public uint Ssrc { get; }
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>
    /// Parses one RTP packet. Returns false (never throws) for anything that is not a valid
    /// version-2 packet: too short, bad version, CSRC/extension/padding running past the end.
    /// The returned payload aliases <paramref name="data"/>.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out RtpPacket packet)
    {
        packet = default;
        var span = data.Span;
        if (span.Length < FixedHeaderSize) return false;
        byte b0 = span[0];
        if (b0 >> 6 != 2) return false;
        bool padding = (b0 & 0x20) != 0;
        bool extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int offset = FixedHeaderSize + 4 * csrcCount;
        if (offset > span.Length) return false;
        if (extension)
        {
            if (offset + 4 > span.Length) return false;
            int words = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
            offset += 4 + 4 * words;
            if (offset > span.Length) return false;
        }
        int end = span.Length;
        if (padding)
        {
            int pad = span[^1];
            if (pad == 0 || end - pad < offset) return false;
            end -= pad;
        }
        packet = new RtpPacket(
            (byte)(span[1] & 0x7F),
            (span[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[8..]),
            data[offset..end]);
        return true;
    }

    /// <summary>Writes the 12-byte fixed header (no CSRC, no extension, no padding) followed by the payload.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int size = FixedHeaderSize + Payload.Length;
        if (destination.Length < size) throw new ArgumentException("destination too small", nameof(destination));
        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        Payload.Span.CopyTo(destination[FixedHeaderSize..]);
        return size;
    }
}
