namespace Nvr.Testing;

/// <summary>A fresh directory under <c>$TMPDIR/nvr-tests/</c>, deleted with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    /// <summary>The directory's absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates a new empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public static TempDirectory Create(string prefix = "test")
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nvr-tests");
        System.IO.Directory.CreateDirectory(root);
        var path = System.IO.Path.Combine(root, $"{prefix}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    /// <summary>The path of <paramref name="relativePath"/> inside this directory (not created).</summary>
    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Creates (if needed) and returns a subdirectory.</summary>
    public string Directory(string relativePath) => System.IO.Directory.CreateDirectory(File(relativePath)).FullName;

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Path)) System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we could not kill still holds a file; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
