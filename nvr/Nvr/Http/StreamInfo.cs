namespace Nvr.Http;

/// <summary>
/// One pulled stream (main or sub) of a camera, with its health counters and its live
/// <see cref="StreamOutputs"/> (URLs and which outputs carry audio).
/// </summary>
public sealed record StreamInfo(
    string Url,
    string State,
    string Reason,
    DateTimeOffset Since,
    string Transport,
    VideoInfo? Video,
    AudioInfo? Audio,
    double Fps,
    double BitrateKbps,
    long PacketsReceived,
    long BytesReceived,
    long PacketsLost,
    long PacketsReordered,
    long UnitsDropped,
    long Reconnects,
    double? LastKeyframeAgeSeconds,
    int DescriptionVersion,
    int Readers,
    StreamOutputs Outputs);
