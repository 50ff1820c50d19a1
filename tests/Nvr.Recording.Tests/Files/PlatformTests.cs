using Nvr.Recording.Files;
using Nvr.Recording.Storage;
using Nvr.Recording.Time;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Files;

/// <summary>The real system bindings: statvfs through DriveInfo, adjtimex, directory fsync, CreateNew.</summary>
public sealed class PlatformTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Free_space_of_a_folder_is_its_volume()
    {
        var s = DriveFreeSpaceProvider.Instance.GetFreeSpace(_temp.Path);
        Assert.True(s.TotalBytes > 0);
        Assert.InRange(s.FreeBytes, 0, s.TotalBytes);
        Assert.Equal(Math.Max(100, s.TotalBytes / 10), s.Floor(100, 10));
    }

    [Fact]
    public void Adjtimex_reports_a_kernel_clock_state()
    {
        Assert.InRange(AdjtimexClockSyncState.State, 0, 5);
        Assert.Equal(AdjtimexClockSyncState.State != 5, AdjtimexClockSyncState.Instance.IsSynchronised);
    }

    [Fact]
    public void Files_are_created_exclusively_written_truncated_and_synced_with_their_folder()
    {
        var dir = Path.Combine(_temp.Path, "a", "b", "c");
        var fs = SegmentFileSystem.Instance;
        fs.CreateDirectory(dir);
        var path = Path.Combine(dir, "x.mp4");
        using (var f = fs.CreateNew(path))
        {
            f.Write([1, 2, 3, 4, 5]);
            f.Flush();
            f.Truncate(3);
            Assert.Equal(3, f.Length);
        }
        fs.SyncDirectory(dir);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Throws<IOException>(() => fs.CreateNew(path).Dispose());
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Throws<IOException>(() => fs.SyncDirectory(Path.Combine(_temp.Path, "missing")));
    }

    [Theory]
    [InlineData("12-00-00Z.mp4", true)]
    [InlineData("23-59-60Z-2.mp4", true)]
    [InlineData("12-00-00Z-1.mp4", false)]
    [InlineData("12-00-00.mp4", false)]
    [InlineData("24-00-00Z.mp4", false)]
    [InlineData("12-00-00Z-1001.mp4", false)]
    public void Segment_file_names(string name, bool valid) => Assert.Equal(valid, SegmentPath.IsSegmentFileName(name));

    [Fact]
    public void Paths_are_utc_and_suffixed()
    {
        var t = new DateTime(2024, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc);
        Assert.Equal("cam/sub/2024-12-31/23-59-59Z.mp4", SegmentPath.Format("cam", "sub", t));
        Assert.Equal("cam/sub/2024-12-31/23-59-59Z-3.mp4", SegmentPath.Format("cam", "sub", t, 3));
        Assert.True(SegmentPath.TryParse("cam/sub/2024-12-31/23-59-59Z-3.mp4", out var c, out var s));
        Assert.Equal(("cam", "sub"), (c, s));
        Assert.False(SegmentPath.TryParse("../sub/2024-12-31/23-59-59Z.mp4", out _, out _));
    }
}
