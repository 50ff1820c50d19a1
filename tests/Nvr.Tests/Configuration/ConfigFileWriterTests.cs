using System.Collections;
using Nvr.Configuration;

namespace Nvr.Tests.Configuration;

public sealed class ConfigFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nvr-config-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly IDictionary NoEnv = new Hashtable();

    private static CameraOptions Camera(string id) => new()
    {
        Id = id, Name = "Front door", Onvif = "192.0.2.10:8000", Url = "rtsp://192.0.2.10/main", SubUrl = "rtsp://192.0.2.10/sub",
        SnapshotUrl = "http://192.0.2.10:8000/snap.jpg", Username = "admin", Password = "p\"w",
    };

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "nvr.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Appends_after_the_last_camera_keeping_comments_and_trailing_commas()
    {
        var path = Write("""
            {
              // where everything lives
              "DataDir": "/data",
              "Cameras": [
                { "Id": "old", "Url": "rtsp://192.0.2.1/x" }, // the old one
              ],
              /* tail */ "Http": { "Port": 9090 }
            }
            """);
        var loaded = ConfigFileWriter.AddCamera(path, Camera("new"));

        var text = File.ReadAllText(path);
        Assert.Contains("// where everything lives", text);
        Assert.Contains("// the old one", text);
        Assert.Contains("/* tail */", text);
        Assert.Equal(["old", "new"], loaded.Cameras.Select(c => c.Id));
        var again = ConfigLoader.Load(path, NoEnv);
        var c = again.Cameras[1];
        Assert.Equal(("192.0.2.10:8000", "rtsp://192.0.2.10/main", "rtsp://192.0.2.10/sub", "http://192.0.2.10:8000/snap.jpg", "admin", "p\"w", "Front door"),
            (c.Onvif, c.Url, c.SubUrl, c.SnapshotUrl, c.Username, c.Password, c.Name));
        Assert.Equal(9090, again.Http.Port);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }

    [Fact]
    public void Fills_an_empty_array_and_creates_a_missing_one()
    {
        var empty = Write("""{ "DataDir": "/data", "Cameras": [ ] }""");
        Assert.Equal(["a"], ConfigFileWriter.AddCamera(empty, Camera("a")).Cameras.Select(c => c.Id));

        var missing = Write("""{ "DataDir": "/data" }""");
        Assert.Equal(["b"], ConfigFileWriter.AddCamera(missing, Camera("b")).Cameras.Select(c => c.Id));
        Assert.Equal("/data", ConfigLoader.Load(missing, NoEnv).DataDir);

        var bare = Write("{}");
        Assert.Equal(["c"], ConfigFileWriter.AddCamera(bare, Camera("c")).Cameras.Select(c => c.Id));
    }

    [Fact]
    public void An_invalid_result_leaves_the_file_untouched()
    {
        const string original = """{ "Cameras": [ { "Id": "dup", "Url": "rtsp://192.0.2.1/x" } ] }""";
        var path = Write(original);
        var e = Assert.Throws<ConfigException>(() => ConfigFileWriter.AddCamera(path, Camera("dup")));
        Assert.Contains("duplicate camera id", e.Message);
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));

        var notArray = Write("""{ "Cameras": { "0": { "Id": "x", "Url": "rtsp://192.0.2.1/x" } } }""");
        Assert.Throws<ConfigException>(() => ConfigFileWriter.AddCamera(notArray, Camera("y")));
    }

    [Fact]
    public void The_shipped_default_file_takes_two_cameras_and_keeps_its_comments()
    {
        var shipped = File.ReadAllText(Path.Combine(Nvr.Testing.TestPaths.RepoRoot, "rootfs", "etc", "nvr", "nvr.json"));
        var path = Write(shipped);
        ConfigFileWriter.AddCamera(path, Camera("one"));
        var loaded = ConfigFileWriter.AddCamera(path, Camera("two"));
        Assert.Equal(["one", "two"], loaded.Cameras.Select(c => c.Id));
        var text = File.ReadAllText(path);
        foreach (var line in shipped.Split('\n').Where(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
        {
            Assert.Contains(line.Trim(), text);
        }
    }

    [Fact]
    public void Keeps_the_file_mode()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Write("{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        ConfigFileWriter.AddCamera(path, Camera("m"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }
}
