using System.Runtime.InteropServices;

namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// The published Native-AOT binaries that <c>make test</c> builds before the tests run
/// (<c>artifacts/publish/&lt;rid&gt;/nvr</c>, or <c>$NVR_PUBLISH_DIR/&lt;rid&gt;/nvr</c>). A foreign
/// architecture runs under qemu-user with the Debian cross sysroot.
/// </summary>
public static class NvrBinary
{
    public static string PublishDir =>
        Environment.GetEnvironmentVariable("NVR_PUBLISH_DIR") is { Length: > 0 } d
            ? d
            : Path.Combine(RepoRoot, "artifacts", "publish");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nvr.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Nvr.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string HostRid => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    public static string PathFor(string rid)
    {
        var path = Path.Combine(PublishDir, rid, "nvr");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"published binary missing: {path} (run 'make publish' or 'make test')");
        }
        return path;
    }

    /// <summary>File name and leading arguments to run the binary for <paramref name="rid"/> here.</summary>
    public static (string FileName, string[] Prefix) Command(string rid)
    {
        var path = PathFor(rid);
        if (rid == HostRid) return (path, []);
        return rid switch
        {
            // The foreign glibc and OpenSSL come from Debian multiarch (make setup), found by the
            // foreign ld.so in the usual paths; no -L sysroot (mixing two glibc builds hangs).
            "linux-arm64" => ("qemu-aarch64-static", [path]),
            "linux-x64" => ("qemu-x86_64-static", [path]),
            _ => throw new ArgumentOutOfRangeException(nameof(rid), rid, null),
        };
    }
}
