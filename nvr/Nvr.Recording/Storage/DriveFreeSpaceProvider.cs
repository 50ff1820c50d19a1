namespace Nvr.Recording.Storage;

/// <summary>
/// Free space through <see cref="DriveInfo"/>, which on Linux calls statvfs(3) on the given path
/// (f_bavail × f_frsize: the space an unprivileged process can use, i.e. without the ext4 root
/// reserve). AOT-safe; no P/Invoke of our own needed.
/// </summary>
public sealed class DriveFreeSpaceProvider : IFreeSpaceProvider
{
    public static DriveFreeSpaceProvider Instance { get; } = new();

    public FreeSpace GetFreeSpace(string path)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            return new FreeSpace(drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is ArgumentException or UnauthorizedAccessException or DriveNotFoundException)
        {
            throw new IOException($"cannot query free space of '{path}': {e.Message}", e);
        }
    }
}
