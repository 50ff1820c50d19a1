using System.Buffers;

namespace Nvr.Rtsp;

/// <summary>
/// One interleaved binary frame (RFC 2326 §10.12): <c>'$' channel(8) length(16, big-endian) data</c>.
/// <see cref="Payload"/> aliases the reader's buffer and is valid until the buffer is advanced.
/// </summary>
public readonly record struct InterleavedFrame(byte Channel, ReadOnlySequence<byte> Payload);
