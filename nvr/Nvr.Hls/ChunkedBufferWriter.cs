using System.Buffers;

namespace Nvr.Hls;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that appends into 64 KiB chunks instead of one growing
/// array: a 1 MB segment never lands on the large-object heap and is never copied to grow.
/// The written data is handed out as chunks (<see cref="Chunks"/>) that become part of a segment.
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    /// <summary>Below the 85,000-byte large-object threshold.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly List<ReadOnlyMemory<byte>> _chunks = [];
    private byte[]? _current;
    private int _used;

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    public void Advance(int count)
    {
        if (count < 0 || _current is null || _used + count > _current.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _used += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <summary>Takes the written data as chunks and resets the writer.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Detach()
    {
        if (_current is not null && _used > 0 && _used <= ChunkSize / 2)
        {
            // A small tail (a 20 KB part): copy it out and keep the buffer for the next part,
            // rather than pinning a mostly empty 64 KiB array for the life of the segment.
            _chunks.Add(_current.AsSpan(0, _used).ToArray());
            _used = 0;
        }
        else
        {
            Seal();
        }
        var result = _chunks.ToArray();
        _chunks.Clear();
        Length = 0;
        return result;
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _used >= sizeHint) return;
        Seal();
        _current = new byte[Math.Max(ChunkSize, sizeHint)];
        _used = 0;
    }

    private void Seal()
    {
        if (_current is not null && _used > 0) _chunks.Add(_current.AsMemory(0, _used));
        _current = null;
        _used = 0;
    }
}
