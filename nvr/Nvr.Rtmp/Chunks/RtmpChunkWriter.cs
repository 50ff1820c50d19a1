using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Rtmp.Chunks;

/// <summary>
/// Splits RTMP messages into chunks (Adobe RTMP specification 1.0, §5.3; layout in
/// <see cref="RtmpChunkReader"/>). Not thread-safe: one writer per connection, used under the
/// connection's write lock.
/// </summary>
/// <remarks>
/// The first chunk of a message uses fmt 0 (new chunk stream, other message stream, timestamp
/// going back or a delta that needs the extended field), fmt 2 (same length and type, delta) or
/// fmt 1 (delta). fmt 3 is used only for continuation chunks: peers disagree on which delta a
/// fmt 3 <i>new message</i> repeats after a fmt 0 header, so it is never sent. Continuation
/// chunks repeat the extended timestamp when the first chunk had one, as the specification
/// (§5.3.1.3) and FFmpeg do.
/// </remarks>
public sealed class RtmpChunkWriter
{
    private readonly Dictionary<uint, Last> _last = [];
    private int _chunkSize = RtmpChunkReader.DefaultChunkSize;

    /// <summary>Outgoing chunk size; change it right after writing the Set Chunk Size message that announces it.</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 0x7FFFFFFF);
            _chunkSize = value;
        }
    }

    public void Write(IBufferWriter<byte> output, in RtmpMessage message) =>
        Write(output, message.ChunkStreamId, message.Type, message.StreamId, message.Timestamp, default, message.Payload.Span);

    /// <summary>Writes one message whose body is <paramref name="prefix"/> followed by <paramref name="body"/> (no copy joins them).</summary>
    public void Write(IBufferWriter<byte> output, uint chunkStreamId, RtmpMessageType type, uint streamId, uint timestamp,
        ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkStreamId, 2u);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkStreamId, 65599u);
        var length = prefix.Length + body.Length;
        if (length > 0xFFFFFF) throw new ArgumentException("RTMP message longer than 16 MiB", nameof(body));

        _last.TryGetValue(chunkStreamId, out var last);
        int fmt;
        uint field;
        var delta = unchecked(timestamp - last.Timestamp);
        if (!last.Used || last.StreamId != streamId || timestamp < last.Timestamp || delta >= 0xFFFFFF)
        {
            fmt = 0;
            field = timestamp;
        }
        else
        {
            fmt = last.Length == length && last.Type == type ? 2 : 1;
            field = delta;
        }
        var extended = field >= 0xFFFFFF;
        _last[chunkStreamId] = new Last(true, timestamp, length, type, streamId);

        var offset = 0;
        var first = true;
        do
        {
            var chunk = Math.Min(_chunkSize, length - offset);
            var headerFmt = first ? fmt : 3;
            var headerSize = BasicHeaderSize(chunkStreamId) + (headerFmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 }) + (extended ? 4 : 0);
            var span = output.GetSpan(headerSize + chunk);
            var p = WriteBasicHeader(span, headerFmt, chunkStreamId);
            if (headerFmt <= 2)
            {
                WriteUInt24(span[p..], extended ? 0xFFFFFF : field);
                p += 3;
            }
            if (headerFmt <= 1)
            {
                WriteUInt24(span[p..], (uint)length);
                span[p + 3] = (byte)type;
                p += 4;
            }
            if (headerFmt == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[p..], streamId);
                p += 4;
            }
            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[p..], field);
                p += 4;
            }
            CopyPayload(span[p..], prefix, body, offset, chunk);
            output.Advance(p + chunk);
            offset += chunk;
            first = false;
        }
        while (offset < length);
    }

    /// <summary>Forgets header state, e.g. after the peer may have lost it (never needed on TCP; for tests).</summary>
    public void Reset() => _last.Clear();

    private static void CopyPayload(Span<byte> destination, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, int offset, int count)
    {
        if (offset < prefix.Length)
        {
            var fromPrefix = Math.Min(count, prefix.Length - offset);
            prefix.Slice(offset, fromPrefix).CopyTo(destination);
            destination = destination[fromPrefix..];
            count -= fromPrefix;
            offset = prefix.Length;
        }
        if (count > 0) body.Slice(offset - prefix.Length, count).CopyTo(destination);
    }

    private static int BasicHeaderSize(uint csid) => csid < 64 ? 1 : csid < 320 ? 2 : 3;

    private static int WriteBasicHeader(Span<byte> span, int fmt, uint csid)
    {
        if (csid < 64)
        {
            span[0] = (byte)(fmt << 6 | (int)csid);
            return 1;
        }
        var rest = csid - 64;
        if (csid < 320)
        {
            span[0] = (byte)(fmt << 6);
            span[1] = (byte)rest;
            return 2;
        }
        span[0] = (byte)(fmt << 6 | 1);
        span[1] = (byte)(rest & 0xFF);
        span[2] = (byte)(rest >> 8);
        return 3;
    }

    private static void WriteUInt24(Span<byte> span, uint value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    private readonly record struct Last(bool Used, uint Timestamp, int Length, RtmpMessageType Type, uint StreamId);
}
