namespace Nvr.Ingest;

/// <summary>The <c>Ingest</c> configuration section (times in seconds in the file).</summary>
public sealed class IngestOptions
{
    /// <summary>No RTSP answer and no media for this long means reconnect. Default 5 s (camera-ingest issue).</summary>
    public double StallTimeoutSeconds { get; set; } = 5;

    /// <summary>Timeout of each RTSP request. 10 s: a camera busy booting answers well within it.</summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Transport auto: no UDP packet within this long after PLAY switches to TCP. 3 s.</summary>
    public double UdpFallbackSeconds { get; set; } = 3;

    public TimeSpan StallTimeout => TimeSpan.FromSeconds(StallTimeoutSeconds);
    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
    public TimeSpan UdpFallback => TimeSpan.FromSeconds(UdpFallbackSeconds);
}
