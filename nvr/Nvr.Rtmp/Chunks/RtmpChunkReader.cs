using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Rtmp.Chunks;

/// <summary>
/// Reassembles RTMP messages from the chunk stream (Adobe RTMP specification 1.0, §5.3). A
/// synchronous, bounded state machine: feed it whatever bytes arrived, it consumes what it can.
/// </summary>
/// <remarks>
/// <code>
/// basic header   fmt u2 | csid u6         csid 0: +1 byte (64..319), csid 1: +2 bytes LE (64..65599)
/// fmt 0 (11 B)   timestamp u24 | message length u24 | type u8 | message stream id u32 LE
/// fmt 1 (7 B)    timestamp delta u24 | message length u24 | type u8
/// fmt 2 (3 B)    timestamp delta u24
/// fmt 3 (0 B)    continuation, or a new message repeating the previous header and delta
/// extended ts    u32, present when the 24-bit field is 0xFFFFFF (fmt 3: when the chunk
///                stream's last header had it)
/// payload        min(chunk size, bytes left of the message)
/// </code>
/// <para>
/// Timestamp delta: like FFmpeg, nginx-rtmp and SRS, the delta a fmt 3 new message reuses is the
/// last 24/32-bit field read on that chunk stream, even when that was a fmt 0 absolute value.
/// </para>
/// <para>
/// Bounds: a message longer than <see cref="MaxMessageSize"/>, more than
/// <see cref="MaxChunkStreams"/> chunk streams, or more than <see cref="MaxPendingBytes"/> held
/// across incomplete messages fails the reader. Message buffers grow with the bytes actually
/// received (doubling, capped at the declared length), so a header that declares 16 MiB and
/// sends nothing costs nothing. Payload bytes are consumed as they arrive; a chunk never has to
/// be buffered whole, whatever the chunk size.
/// </para>
/// <para>
/// Vendor tolerance: librtmp-based encoders (older OBS, GStreamer rtmpsink) omit the extended
/// timestamp on fmt 3 continuation chunks, while FFmpeg writes it. On a continuation chunk the
/// reader takes the 4 bytes as the extended timestamp only if they repeat the previous value,
/// else as payload (as SRS does).
/// </para>
/// </remarks>
public sealed class RtmpChunkReader
{
    /// <summary>RTMP's initial chunk size (§5.4.1).</summary>
    public const int DefaultChunkSize = 128;

    private const int InitialBufferSize = 4096;

    private readonly Dictionary<uint, ChunkStream> _streams = [];
    private ChunkStream? _current;     // chunk stream whose chunk payload is being read
    private int _chunkRemaining;       // payload bytes of the current chunk still to read
    private int _chunkSize = DefaultChunkSize;

    public RtmpChunkReader(int maxMessageSize = 8 * 1024 * 1024, int maxChunkStreams = 64, long maxPendingBytes = 16 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkStreams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingBytes, 1);
        MaxMessageSize = maxMessageSize;
        MaxChunkStreams = maxChunkStreams;
        MaxPendingBytes = maxPendingBytes;
    }

    public int MaxMessageSize { get; }
    public int MaxChunkStreams { get; }
    public long MaxPendingBytes { get; }

    /// <summary>Incoming chunk size (Set Chunk Size from the peer); takes effect for the next chunk header.</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _chunkSize = value;
        }
    }

    /// <summary>Bytes held in buffers of incomplete messages.</summary>
    public long PendingBytes { get; private set; }

    /// <summary>Total bytes consumed.</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>Continuation chunks whose missing extended timestamp was tolerated (librtmp quirk).</summary>
    public long MissingExtendedTimestamps { get; private set; }

    /// <summary>Incomplete messages discarded by Abort or by a new fmt 0/1 header.</summary>
    public long AbortedMessages { get; private set; }

    /// <summary>Why the reader failed; null while healthy.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until a message completes (returned in
    /// <paramref name="message"/>), the input runs out, or the peer breaks the protocol.
    /// </summary>
    public RtmpChunkReadStatus Read(ref SequenceReader<byte> input, out RtmpMessage message)
    {
        message = default;
        if (Error is not null) return RtmpChunkReadStatus.Error;
        while (true)
        {
            if (_current is null)
            {
                var header = TryReadHeader(ref input);
                if (Error is not null) return RtmpChunkReadStatus.Error;
                if (!header) return RtmpChunkReadStatus.NeedMoreData;
            }

            var stream = _current!;
            if (_chunkRemaining > 0)
            {
                var available = (int)Math.Min(input.Remaining, _chunkRemaining);
                if (available == 0) return RtmpChunkReadStatus.NeedMoreData;
                if (!EnsureCapacity(stream, stream.Filled + available)) return RtmpChunkReadStatus.Error;
                input.TryCopyTo(stream.Buffer.AsSpan(stream.Filled, available));
                input.Advance(available);
                BytesConsumed += available;
                stream.Filled += available;
                _chunkRemaining -= available;
                if (_chunkRemaining > 0) return RtmpChunkReadStatus.NeedMoreData;
            }

            _current = null;
            if (stream.Filled == stream.Length)
            {
                message = TakeMessage(stream);
                return RtmpChunkReadStatus.Message;
            }
        }
    }

    /// <summary>Drops the incomplete message of chunk stream <paramref name="chunkStreamId"/> (Abort Message, §5.4.2).</summary>
    public void Abort(uint chunkStreamId)
    {
        if (!_streams.TryGetValue(chunkStreamId, out var stream) || !stream.InProgress) return;
        if (ReferenceEquals(_current, stream)) return; // cannot abort the chunk being read
        AbortedMessages++;
        Discard(stream);
    }

    private bool TryReadHeader(ref SequenceReader<byte> input)
    {
        Span<byte> h = stackalloc byte[3 + 11 + 4];
        if (!input.TryPeek(out var first)) return false;
        var fmt = first >> 6;
        var basicSize = (first & 0x3F) switch { 0 => 2, 1 => 3, _ => 1 };
        var headerSize = basicSize + fmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (input.Remaining < headerSize) return false;
        input.TryCopyTo(h[..headerSize]);
        uint csid = (first & 0x3F) switch
        {
            0 => 64u + h[1],
            1 => 64u + h[1] + (uint)h[2] * 256,
            _ => (uint)(first & 0x3F),
        };

        if (!_streams.TryGetValue(csid, out var stream))
        {
            if (fmt != 0) return Fail($"chunk stream {csid} starts with a fmt {fmt} header");
            if (_streams.Count >= MaxChunkStreams) return Fail($"more than {MaxChunkStreams} chunk streams");
            stream = new ChunkStream { Id = csid };
            _streams.Add(csid, stream);
        }

        var m = h[basicSize..headerSize];
        uint field = fmt <= 2 ? ReadUInt24(m) : stream.TimestampField;
        bool extended = fmt <= 2 ? field == 0xFFFFFF : stream.Extended;
        var continuation = fmt == 3 && stream.InProgress;
        var total = headerSize;
        if (extended)
        {
            if (input.Remaining < headerSize + 4) return false;
            Span<byte> ext = stackalloc byte[4];
            input.Sequence.Slice(input.Position).Slice(headerSize, 4).CopyTo(ext);
            var value = BinaryPrimitives.ReadUInt32BigEndian(ext);
            if (continuation && value != stream.ExtendedValue)
            {
                MissingExtendedTimestamps++; // librtmp: no extended timestamp on continuations; these are payload
            }
            else
            {
                total += 4;
                if (fmt <= 2) field = value;
                stream.ExtendedValue = value;
            }
        }

        if (fmt <= 1)
        {
            var length = (int)ReadUInt24(m[3..]);
            if (length > MaxMessageSize) return Fail($"message length {length} exceeds {MaxMessageSize}");
            if (stream.InProgress)
            {
                AbortedMessages++;
                Discard(stream);
            }
            stream.Length = length;
            stream.Type = (RtmpMessageType)m[6];
            if (fmt == 0) stream.StreamId = BinaryPrimitives.ReadUInt32LittleEndian(m[7..]);
        }
        else if (fmt == 2 && stream.InProgress)
        {
            AbortedMessages++;
            Discard(stream);
        }

        if (!continuation)
        {
            // A new message: fix its timestamp.
            stream.Timestamp = fmt == 0 ? field : unchecked(stream.Timestamp + field);
            stream.TimestampField = field;
            stream.Extended = extended;
            stream.InProgress = true;
            stream.Filled = 0;
        }

        input.Advance(total);
        BytesConsumed += total;
        _current = stream;
        _chunkRemaining = Math.Min(_chunkSize, stream.Length - stream.Filled);
        return true;
    }

    private bool EnsureCapacity(ChunkStream stream, int needed)
    {
        var capacity = stream.Buffer?.Length ?? 0;
        if (needed <= capacity) return true;
        var next = Math.Min(stream.Length, Math.Max(needed, Math.Max(InitialBufferSize, capacity * 2L)));
        if (PendingBytes - capacity + next > MaxPendingBytes) return Fail($"incomplete messages hold more than {MaxPendingBytes} bytes");
        var buffer = new byte[next];
        stream.Buffer?.AsSpan(0, stream.Filled).CopyTo(buffer);
        PendingBytes += next - capacity;
        stream.Buffer = buffer;
        return true;
    }

    private RtmpMessage TakeMessage(ChunkStream stream)
    {
        var payload = stream.Buffer is null ? ReadOnlyMemory<byte>.Empty : stream.Buffer.AsMemory(0, stream.Length);
        var message = new RtmpMessage(stream.Id, stream.Type, stream.StreamId, stream.Timestamp, payload);
        PendingBytes -= stream.Buffer?.Length ?? 0;
        stream.Buffer = null;
        stream.Filled = 0;
        stream.InProgress = false;
        return message;
    }

    private void Discard(ChunkStream stream)
    {
        PendingBytes -= stream.Buffer?.Length ?? 0;
        stream.Buffer = null;
        stream.Filled = 0;
        stream.InProgress = false;
    }

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }

    private static uint ReadUInt24(ReadOnlySpan<byte> s) => (uint)(s[0] << 16 | s[1] << 8 | s[2]);

    private sealed class ChunkStream
    {
        public uint Id;
        public uint Timestamp;
        public uint TimestampField;
        public bool Extended;
        public uint ExtendedValue;
        public int Length;
        public RtmpMessageType Type;
        public uint StreamId;
        public bool InProgress;
        public int Filled;
        public byte[]? Buffer;
    }
}
