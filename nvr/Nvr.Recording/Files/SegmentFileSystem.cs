using Microsoft.Win32.SafeHandles;

namespace Nvr.Recording.Files;

/// <summary>
/// The real file system: <see cref="RandomAccess"/> writes on a <see cref="SafeFileHandle"/>
/// (pwrite), <see cref="RandomAccess.FlushToDisk"/> (fsync) and <see cref="DirectorySync"/>.
/// </summary>
public sealed class SegmentFileSystem : ISegmentFileSystem
{
    public static SegmentFileSystem Instance { get; } = new();

    public ISegmentFile CreateNew(string path) =>
        new File(System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read));

    public void CreateDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return;
        var missing = new Stack<string>();
        for (var d = full; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Push(d);
        while (missing.TryPop(out var d))
        {
            Directory.CreateDirectory(d);
            if (Path.GetDirectoryName(d) is { } parent) DirectorySync.Fsync(parent);
        }
    }

    public void SyncDirectory(string path) => DirectorySync.Fsync(path);

    public void Delete(string path) => System.IO.File.Delete(path);

    private sealed class File(SafeFileHandle handle) : ISegmentFile
    {
        public long Length { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            RandomAccess.Write(handle, data, Length);
            Length += data.Length;
        }

        public void Flush() => RandomAccess.FlushToDisk(handle);

        public void Truncate(long length)
        {
            RandomAccess.SetLength(handle, length);
            Length = length;
        }

        public void Dispose() => handle.Dispose();
    }
}
