using System.Buffers.Binary;
using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// The file format of the <c>h264-rtp</c> and <c>h265-rtp</c> fuzz corpora: RTP packets, each
/// preceded by its length as a 16-bit big-endian integer (RTSP interleaved framing without the '$'
/// and channel bytes). Replay derives <c>lossBefore</c> from sequence-number gaps and uses the
/// 32-bit RTP timestamp as the unit timestamp.
/// </summary>
internal static class RtpCorpusFile
{
    public static byte[] Write(IEnumerable<RtpPacket> packets)
    {
        var output = new List<byte>();
        foreach (var packet in packets)
        {
            var buffer = new byte[RtpPacket.FixedHeaderSize + packet.Payload.Length];
            packet.WriteTo(buffer);
            output.Add((byte)(buffer.Length >> 8));
            output.Add((byte)buffer.Length);
            output.AddRange(buffer);
        }
        return output.ToArray();
    }

    /// <summary>Replays a corpus file through <paramref name="depacketizer"/>; malformed framing ends the file.</summary>
    public static List<DepacketizedUnit> Replay(byte[] file, RtpDepacketizer depacketizer)
    {
        var output = new List<DepacketizedUnit>();
        int offset = 0;
        int? expectedSequence = null;
        while (file.Length - offset >= 2)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(offset));
            offset += 2;
            if (length > file.Length - offset) break;
            var data = file.AsMemory(offset, length);
            offset += length;
            if (!RtpPacket.TryParse(data, out var packet)) continue;
            bool loss = expectedSequence is int expected && packet.SequenceNumber != expected;
            expectedSequence = (packet.SequenceNumber + 1) & 0xFFFF;
            depacketizer.Push(packet, packet.Timestamp, loss, output);
        }
        depacketizer.Flush(output);
        return output;
    }
}
