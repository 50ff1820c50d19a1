using Nvr.Configuration;
using Nvr.Streaming;

namespace Nvr.Cameras;

/// <summary>One pulled stream of a camera (main or sub): its Feed, supervisor and counters.</summary>
public sealed class CameraStream(CameraOptions camera, string name, string url, Feed feed, CameraSupervisor supervisor, IngestStatistics statistics)
{
    public CameraOptions Camera { get; } = camera;
    /// <summary><c>main</c> or <c>sub</c>.</summary>
    public string Name { get; } = name;
    public string Url { get; } = url;
    public Feed Feed { get; } = feed;
    public CameraSupervisor Supervisor { get; } = supervisor;
    public IngestStatistics Statistics { get; } = statistics;

    /// <summary>Feed path, also the RTSP path: <c>&lt;camera&gt;</c> or <c>&lt;camera&gt;/sub</c>.</summary>
    public static string FeedPath(string camera, string stream) => stream == "main" ? camera : $"{camera}/{stream}";
}
