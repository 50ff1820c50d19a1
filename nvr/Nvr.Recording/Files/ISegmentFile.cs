namespace Nvr.Recording.Files;

/// <summary>A segment file open for appending (<see cref="ISegmentFileSystem.CreateNew"/>).</summary>
public interface ISegmentFile : IDisposable
{
    /// <summary>Bytes written so far (the offset of the next write).</summary>
    long Length { get; }

    /// <summary>Appends <paramref name="data"/>; on failure part of it may have reached the file.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Makes everything written durable (fsync).</summary>
    void Flush();

    /// <summary>Cuts the file to <paramref name="length"/> bytes (drops a half-written tail).</summary>
    void Truncate(long length);
}
