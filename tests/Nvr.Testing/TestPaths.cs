using System.Runtime.CompilerServices;

namespace Nvr.Testing;

/// <summary>Where the repository, the fixture scripts and the external tools are.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>
    /// The folder holding <c>Nvr.sln</c>: searched upwards from the test binaries, then from the
    /// current directory, then from this source file's compile-time location (builds with
    /// <c>--artifacts-path</c> put the binaries outside the repository).
    /// </summary>
    public static string RepoRoot => Root.Value;

    /// <summary>Debian's python3, which has the GStreamer bindings (a pyenv python on PATH has no <c>gi</c>). Override with NVR_TEST_PYTHON.</summary>
    public static string Python => Environment.GetEnvironmentVariable("NVR_TEST_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>
    /// The path of fixture script <paramref name="name"/>: the copy next to the test assembly
    /// (<c>fixtures/</c>), else the source in <c>tests/Nvr.Testing/fixtures/</c>.
    /// </summary>
    public static string Fixture(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "fixtures", name);
        if (File.Exists(copied)) return copied;
        var source = Path.Combine(RepoRoot, "tests", "Nvr.Testing", "fixtures", name);
        if (File.Exists(source)) return source;
        throw new FileNotFoundException($"fixture '{name}' is neither in {Path.GetDirectoryName(copied)} nor in {Path.GetDirectoryName(source)}");
    }

    /// <summary>A new temporary directory, deleted on dispose.</summary>
    public static TempDirectory CreateTempDirectory(string prefix = "test") => TempDirectory.Create(prefix);

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(ThisFile()) })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Nvr.sln"))) return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with Nvr.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
