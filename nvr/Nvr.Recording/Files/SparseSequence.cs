using System.Buffers;

namespace Nvr.Recording.Files;

/// <summary>
/// Builds a <see cref="ReadOnlySequence{T}"/> from pieces of memory, where the bodies of 'mdat'
/// boxes are stood in for by a shared block of zeros: <see cref="Nvr.Media.Mp4.Mp4Reader"/> only
/// bounds-checks mdat bodies, so a file can be walked without reading its media.
/// </summary>
internal sealed class SparseSequence
{
    private static readonly byte[] Zeros = new byte[1 << 20];
    private Segment? _first;
    private Segment? _last;

    public long Length { get; private set; }

    public void Add(ReadOnlyMemory<byte> memory)
    {
        if (memory.IsEmpty) return;
        var s = new Segment(memory, Length);
        if (_last is null) _first = s;
        else _last.SetNext(s);
        _last = s;
        Length += memory.Length;
    }

    /// <summary>Adds <paramref name="count"/> placeholder bytes.</summary>
    public void AddPlaceholder(long count)
    {
        while (count > 0)
        {
            int n = (int)Math.Min(count, Zeros.Length);
            Add(Zeros.AsMemory(0, n));
            count -= n;
        }
    }

    public ReadOnlySequence<byte> ToSequence() =>
        _first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_first, 0, _last!, _last!.Memory.Length);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
