namespace Nvr.Recording.Storage;

/// <summary>Free space of the volume holding a path. Real: <see cref="DriveFreeSpaceProvider"/>; tests inject a fake.</summary>
public interface IFreeSpaceProvider
{
    /// <exception cref="IOException">The volume cannot be queried.</exception>
    FreeSpace GetFreeSpace(string path);
}
