using System.Buffers;

namespace Nvr.Media.Mp4;

/// <summary>Random access to the bytes <see cref="Mp4Reader"/> walks: a span or a sequence.</summary>
internal interface IMp4ByteSource
{
    long Length { get; }

    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="offset"/> (the caller has checked the
    /// bounds). May return a view of <paramref name="scratch"/>, valid until the next call.
    /// </summary>
    ReadOnlySpan<byte> Read(long offset, int length, ref byte[]? scratch);
}

internal readonly ref struct SpanByteSource(ReadOnlySpan<byte> data) : IMp4ByteSource
{
    private readonly ReadOnlySpan<byte> _data = data;

    public long Length => _data.Length;

    public ReadOnlySpan<byte> Read(long offset, int length, ref byte[]? scratch) => _data.Slice((int)offset, length);
}

internal readonly struct SequenceByteSource(ReadOnlySequence<byte> data) : IMp4ByteSource
{
    private readonly ReadOnlySequence<byte> _data = data;

    public long Length => _data.Length;

    public ReadOnlySpan<byte> Read(long offset, int length, ref byte[]? scratch)
    {
        var slice = _data.Slice(offset, length);
        if (slice.IsSingleSegment) return slice.FirstSpan;
        if (scratch is null || scratch.Length < length) scratch = new byte[Math.Max(length, Math.Min((scratch?.Length ?? 256) * 2, Array.MaxLength))];
        slice.CopyTo(scratch);
        return scratch.AsSpan(0, length);
    }
}
