using System.Text.Json;

namespace Nvr.Testing;

/// <summary>One entry of ffprobe's <c>frames</c> array (with <see cref="ProbeOptions.ShowFrames"/>).</summary>
public sealed record ProbeFrame
{
    /// <summary>Stream index.</summary>
    public int StreamIndex { get; init; }

    /// <summary>video or audio.</summary>
    public string MediaType { get; init; } = "";

    /// <summary>The frame is a key frame.</summary>
    public bool KeyFrame { get; init; }

    /// <summary>Presentation timestamp in the stream time base.</summary>
    public long? Pts { get; init; }

    /// <summary>Presentation time in seconds.</summary>
    public double? PtsTime { get; init; }

    /// <summary>I, P, B (video).</summary>
    public string? PictType { get; init; }

    /// <summary>Decoded width (video).</summary>
    public int? Width { get; init; }

    /// <summary>Decoded height (video).</summary>
    public int? Height { get; init; }

    internal static ProbeFrame Parse(JsonElement e) => new()
    {
        StreamIndex = JsonRead.Int(e, "stream_index") ?? -1,
        MediaType = JsonRead.String(e, "media_type") ?? "",
        KeyFrame = JsonRead.Int(e, "key_frame") == 1,
        Pts = JsonRead.Long(e, "pts"),
        PtsTime = JsonRead.Double(e, "pts_time"),
        PictType = JsonRead.String(e, "pict_type"),
        Width = JsonRead.Int(e, "width"),
        Height = JsonRead.Int(e, "height"),
    };
}
