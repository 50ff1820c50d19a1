using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Rtsp;

/// <summary>
/// Splits the bytes of an RTSP TCP connection into RTSP messages and interleaved binary frames
/// (RFC 2326 §10.12, RFC 7826 §14), in any order. Bounded: messages by <see cref="RtspParserLimits"/>,
/// frames by their 16-bit length. Never throws.
/// </summary>
/// <remarks>
/// <code>
/// +-----+---------+-----------------+------------------------+
/// | '$' | channel | length (16, BE) | length bytes of RTP/RTCP|
/// +-----+---------+-----------------+------------------------+
/// </code>
/// CR and LF bytes between frames are skipped (some servers end a message or frame with an extra
/// CRLF; RFC 7230 §3.5 robustness). Any other byte that starts neither a message (an ASCII upper-case
/// letter: a method or "RTSP/") nor a frame is an error: the stream has lost framing.
/// </remarks>
public static class RtspFrameReader
{
    /// <summary>
    /// Reads the next item at the start of <paramref name="buffer"/> and advances it on success.
    /// For <see cref="RtspFrameKind.Interleaved"/> the frame's payload aliases the original buffer.
    /// </summary>
    public static RtspFrameKind TryRead(ref ReadOnlySequence<byte> buffer, RtspParserLimits limits,
        out RtspMessage? message, out InterleavedFrame frame, out RtspParseError error)
    {
        message = null;
        frame = default;
        error = RtspParseError.None;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryPeek(out byte b) && (b == (byte)'\r' || b == (byte)'\n')) reader.Advance(1);
        if (!reader.TryPeek(out byte first))
        {
            buffer = buffer.Slice(reader.Position);
            return RtspFrameKind.NeedMoreData;
        }
        if (first == (byte)'$')
        {
            if (reader.Remaining < 4) return Skipped(ref buffer, reader);
            Span<byte> head = stackalloc byte[4];
            reader.TryCopyTo(head);
            int length = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
            if (reader.Remaining < 4 + length) return Skipped(ref buffer, reader);
            reader.Advance(4);
            var payload = reader.UnreadSequence.Slice(0, length);
            reader.Advance(length);
            frame = new InterleavedFrame(head[1], payload);
            buffer = buffer.Slice(reader.Position);
            return RtspFrameKind.Interleaved;
        }
        if (first is >= (byte)'A' and <= (byte)'Z')
        {
            var rest = buffer.Slice(reader.Position);
            var status = RtspMessageParser.TryParse(ref rest, limits, out message, out error);
            switch (status)
            {
                case RtspParseStatus.Parsed:
                    buffer = rest;
                    return RtspFrameKind.Message;
                case RtspParseStatus.NeedMoreData:
                    return Skipped(ref buffer, reader);
                default:
                    return RtspFrameKind.Error;
            }
        }
        error = RtspParseError.UnexpectedByte;
        return RtspFrameKind.Error;
    }

    // Need more data, but the CR/LF skipped so far can be consumed.
    private static RtspFrameKind Skipped(ref ReadOnlySequence<byte> buffer, SequenceReader<byte> reader)
    {
        buffer = buffer.Slice(reader.Position);
        return RtspFrameKind.NeedMoreData;
    }
}
