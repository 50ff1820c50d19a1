using Nvr.Recording.Storage;

namespace Nvr.Recording.Tests.Support;

/// <summary>A volume of <see cref="Capacity"/> bytes whose only content is the files under <paramref name="root"/>.</summary>
internal sealed class FakeFreeSpace(string root, long capacity) : IFreeSpaceProvider
{
    public long Capacity { get; set; } = capacity;

    public long Used => Directory.Exists(root) ? new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public FreeSpace GetFreeSpace(string path) => new(Capacity, Math.Max(0, Capacity - Used));
}
