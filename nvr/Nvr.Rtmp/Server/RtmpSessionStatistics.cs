namespace Nvr.Rtmp.Server;

/// <summary>Counters of one <see cref="RtmpServerSession"/> (for metrics and the API; nothing is logged per packet).</summary>
public sealed record RtmpSessionStatistics
{
    public RtmpSessionMode Mode { get; init; }
    /// <summary>"app/name" once play or publish was accepted.</summary>
    public string? Stream { get; init; }
    public long BytesReceived { get; init; }
    public long MessagesReceived { get; init; }
    /// <summary>Media tags sent to a player.</summary>
    public long TagsSent { get; init; }
    /// <summary>Units a player did not get (before a keyframe, unsupported tracks); the reader's own drops are in its statistics.</summary>
    public long UnitsNotSent { get; init; }
    /// <summary>Units handed to the publish sink.</summary>
    public long UnitsPublished { get; init; }
    /// <summary>Publish tags dropped: before their sequence header, unsupported codecs, malformed bodies.</summary>
    public long PublishTagsDropped { get; init; }
    /// <summary>Continuation chunks without the extended timestamp (librtmp quirk, tolerated).</summary>
    public long MissingExtendedTimestamps { get; init; }
}
