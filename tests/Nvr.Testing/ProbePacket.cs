using System.Text.Json;

namespace Nvr.Testing;

/// <summary>One entry of ffprobe's <c>packets</c> array (with <see cref="ProbeOptions.ShowPackets"/>).</summary>
public sealed record ProbePacket
{
    /// <summary>Stream index.</summary>
    public int StreamIndex { get; init; }

    /// <summary>video or audio.</summary>
    public string CodecType { get; init; } = "";

    /// <summary>Presentation timestamp in the stream time base.</summary>
    public long? Pts { get; init; }

    /// <summary>Decoding timestamp in the stream time base.</summary>
    public long? Dts { get; init; }

    /// <summary>Presentation time in seconds.</summary>
    public double? PtsTime { get; init; }

    /// <summary>Payload size in bytes.</summary>
    public int Size { get; init; }

    /// <summary>The packet is flagged as a key frame ('K' in <c>flags</c>).</summary>
    public bool KeyFrame { get; init; }

    internal static ProbePacket Parse(JsonElement e) => new()
    {
        StreamIndex = JsonRead.Int(e, "stream_index") ?? -1,
        CodecType = JsonRead.String(e, "codec_type") ?? "",
        Pts = JsonRead.Long(e, "pts"),
        Dts = JsonRead.Long(e, "dts"),
        PtsTime = JsonRead.Double(e, "pts_time"),
        Size = JsonRead.Int(e, "size") ?? 0,
        KeyFrame = (JsonRead.String(e, "flags") ?? "").Contains('K', StringComparison.Ordinal),
    };
}
