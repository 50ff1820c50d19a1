namespace Nvr.Recording.Files;

/// <summary>
/// The file operations the recorder and retention make, narrow enough to inject faults (ENOSPC,
/// EIO) in tests. <see cref="SegmentFileSystem"/> is the real one.
/// </summary>
public interface ISegmentFileSystem
{
    /// <summary>Creates a new, empty file; throws <see cref="IOException"/> if the name exists (never overwrites).</summary>
    ISegmentFile CreateNew(string path);

    /// <summary>Creates <paramref name="path"/> and missing parents, fsyncing the parent of each level it created.</summary>
    void CreateDirectory(string path);

    /// <summary>fsync(2) of a directory.</summary>
    void SyncDirectory(string path);

    /// <summary>Unlinks a file; a missing file is not an error.</summary>
    void Delete(string path);
}
