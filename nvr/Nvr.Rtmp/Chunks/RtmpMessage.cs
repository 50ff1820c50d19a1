namespace Nvr.Rtmp.Chunks;

/// <summary>One reassembled RTMP message (Adobe RTMP specification 1.0, §6.1).</summary>
/// <param name="ChunkStreamId">Chunk stream it arrived on (2 = protocol control).</param>
/// <param name="Type">Message type id; values outside <see cref="RtmpMessageType"/> are possible.</param>
/// <param name="StreamId">Message stream id (0 = the NetConnection).</param>
/// <param name="Timestamp">Absolute timestamp in milliseconds, 32-bit, wrapping.</param>
/// <param name="Payload">The message body; owned by the receiver (the chunk reader does not reuse it).</param>
public readonly record struct RtmpMessage(uint ChunkStreamId, RtmpMessageType Type, uint StreamId, uint Timestamp, ReadOnlyMemory<byte> Payload);
