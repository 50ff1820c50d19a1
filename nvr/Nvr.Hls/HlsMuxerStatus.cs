using Nvr.Media;

namespace Nvr.Hls;

/// <summary>A snapshot of an <see cref="HlsMuxer"/> for the API and metrics.</summary>
public sealed record HlsMuxerStatus
{
    public required string Feed { get; init; }
    /// <summary>The instance id in segment URIs.</summary>
    public required string Instance { get; init; }
    public required bool Closed { get; init; }
    public required HlsAudioMode AudioMode { get; init; }
    /// <summary>The feed's audio codec (what <see cref="AudioMode"/> is about); Unknown without audio.</summary>
    public required MediaCodec SourceAudioCodec { get; init; }
    public required long UnitsRead { get; init; }
    /// <summary>The outputs currently alive (created on first request, closed when idle).</summary>
    public required IReadOnlyList<HlsOutputStatus> Outputs { get; init; }
}
