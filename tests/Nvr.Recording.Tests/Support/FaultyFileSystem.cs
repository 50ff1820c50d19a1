using Nvr.Recording.Files;

namespace Nvr.Recording.Tests.Support;

/// <summary>The real file system, except that while <see cref="Full"/> is set a write puts half its bytes on disk and then fails with ENOSPC.</summary>
internal sealed class FaultyFileSystem : ISegmentFileSystem
{
    private const int Enospc = 28;

    public volatile bool Full;
    public int Failures;

    public ISegmentFile CreateNew(string path) => new File(this, SegmentFileSystem.Instance.CreateNew(path), path);
    public void CreateDirectory(string path) => SegmentFileSystem.Instance.CreateDirectory(path);
    public void SyncDirectory(string path) => SegmentFileSystem.Instance.SyncDirectory(path);
    public void Delete(string path) => SegmentFileSystem.Instance.Delete(path);

    private sealed class File(FaultyFileSystem fs, ISegmentFile inner, string path) : ISegmentFile
    {
        private long _extra;

        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data)
        {
            if (fs.Full)
            {
                // A short write: half the data reaches the file (bypassing our length), then ENOSPC.
                using (var raw = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    raw.Position = inner.Length + _extra;
                    raw.Write(data[..(data.Length / 2)]);
                    _extra += data.Length / 2;
                }
                Interlocked.Increment(ref fs.Failures);
                throw new IOException("No space left on device", Enospc);
            }
            inner.Write(data);
        }

        public void Flush() => inner.Flush();

        public void Truncate(long length)
        {
            inner.Truncate(length);
            _extra = 0;
        }

        public void Dispose() => inner.Dispose();
    }
}
