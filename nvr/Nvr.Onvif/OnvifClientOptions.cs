namespace Nvr.Onvif;

/// <summary>Limits and behaviour of the ONVIF SOAP client. Defaults are usable as they are.</summary>
public sealed record OnvifClientOptions
{
    /// <summary>
    /// Largest response body accepted, checked while reading before any parsing. 1 MiB: the
    /// largest real responses (GetProfiles of a 16-channel NVR) are a few hundred KiB.
    /// </summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest XML element nesting accepted; real responses stay under ~15.</summary>
    public int MaxXmlDepth { get; init; } = 48;

    /// <summary>Most XML elements in one response.</summary>
    public int MaxXmlElements { get; init; } = 20_000;

    /// <summary>
    /// Deadline of one HTTP exchange (a PullMessages long poll adds its own timeout on top). 10 s:
    /// cameras answer in well under a second; slow NVR front-ends take a few.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Skew between device clock and ours above which <see cref="OnvifProbeResult.ClockSkewExceedsThreshold"/>
    /// is set so the caller warns. 5 s: the usual WS-UsernameToken freshness window of cameras
    /// that do not use our measured offset, and visibly wrong event times beyond that.
    /// </summary>
    public TimeSpan ClockSkewWarningThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replace the host (and port) of service addresses the device reports with the host used to
    /// reach its device service, when they differ: devices behind NAT or port forwarding, or with a
    /// stale address in their configuration, report addresses that cannot be reached.
    /// </summary>
    public bool RewriteServiceAddresses { get; init; } = true;

    /// <summary>
    /// Apply the same replacement to media URIs: RTSP URIs get the host only (RTSP runs on its own
    /// port), HTTP snapshot URIs host and port (same web server as ONVIF).
    /// </summary>
    public bool RewriteMediaUriHost { get; init; } = true;

    /// <summary>Use Media2 (ONVIF Profile T, needed for H.265) when the device offers it; Media1 otherwise.</summary>
    public bool PreferMedia2 { get; init; } = true;

    internal Soap.XmlLimits XmlLimits => new(MaxResponseBytes, MaxXmlDepth, MaxXmlElements);
}
