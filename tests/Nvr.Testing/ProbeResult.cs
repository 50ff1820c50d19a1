using System.Text.Json;

namespace Nvr.Testing;

/// <summary>What ffprobe reported, parsed from its JSON output.</summary>
public sealed record ProbeResult
{
    /// <summary>All streams.</summary>
    public IReadOnlyList<ProbeStream> Streams { get; init; } = [];

    /// <summary>The container (absent when ffprobe was not asked for it).</summary>
    public ProbeFormat? Format { get; init; }

    /// <summary>Frames, when <see cref="ProbeOptions.ShowFrames"/>.</summary>
    public IReadOnlyList<ProbeFrame> Frames { get; init; } = [];

    /// <summary>Packets, when <see cref="ProbeOptions.ShowPackets"/>.</summary>
    public IReadOnlyList<ProbePacket> Packets { get; init; } = [];

    /// <summary>The JSON as ffprobe wrote it, for assertion messages.</summary>
    public string Json { get; init; } = "";

    /// <summary>The first video stream, if any.</summary>
    public ProbeStream? Video => Streams.FirstOrDefault(s => s.CodecType == "video");

    /// <summary>The first audio stream, if any.</summary>
    public ProbeStream? Audio => Streams.FirstOrDefault(s => s.CodecType == "audio");

    /// <summary>Parses ffprobe's <c>-print_format json</c> output.</summary>
    public static ProbeResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new ProbeResult
        {
            Streams = Array(root, "streams", ProbeStream.Parse),
            Format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Object ? ProbeFormat.Parse(f) : null,
            Frames = Array(root, "frames", ProbeFrame.Parse),
            Packets = Array(root, "packets", ProbePacket.Parse),
            Json = json,
        };
    }

    private static List<T> Array<T>(JsonElement root, string name, Func<JsonElement, T> parse)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array) return [];
        return [.. array.EnumerateArray().Select(parse)];
    }
}
