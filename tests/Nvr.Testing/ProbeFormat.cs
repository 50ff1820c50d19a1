using System.Text.Json;

namespace Nvr.Testing;

/// <summary>ffprobe's <c>format</c> object.</summary>
public sealed record ProbeFormat
{
    /// <summary><c>format_name</c>, e.g. "rtsp", "mov,mp4,m4a,3gp,3g2,mj2", "mpegts", "flv".</summary>
    public string FormatName { get; init; } = "";

    /// <summary>Number of streams.</summary>
    public int? NbStreams { get; init; }

    /// <summary>Start time in seconds.</summary>
    public double? StartTime { get; init; }

    /// <summary>Duration in seconds (absent for live inputs).</summary>
    public double? Duration { get; init; }

    /// <summary>Size in bytes (files).</summary>
    public long? Size { get; init; }

    /// <summary>Overall bit rate in bit/s.</summary>
    public long? BitRate { get; init; }

    internal static ProbeFormat Parse(JsonElement e) => new()
    {
        FormatName = JsonRead.String(e, "format_name") ?? "",
        NbStreams = JsonRead.Int(e, "nb_streams"),
        StartTime = JsonRead.Double(e, "start_time"),
        Duration = JsonRead.Double(e, "duration"),
        Size = JsonRead.Long(e, "size"),
        BitRate = JsonRead.Long(e, "bit_rate"),
    };
}
