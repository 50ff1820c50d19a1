namespace Nvr.Onvif;

/// <summary>
/// What adding a camera by ONVIF needs (from <see cref="OnvifCameraProbe"/>). The URIs carry no
/// credentials: the caller stores user and password separately and adds them when connecting.
/// </summary>
public sealed record OnvifProbeResult
{
    /// <summary>The device service address used (keep it to open an <see cref="OnvifDevice"/> later for events and PTZ).</summary>
    public required Uri DeviceServiceAddress { get; init; }

    public required OnvifDeviceInfo DeviceInfo { get; init; }

    /// <summary>RTSP URI of the highest-resolution profile.</summary>
    public required Uri MainStreamUri { get; init; }

    /// <summary>RTSP URI of the lowest-resolution profile; null when the device has a single video profile.</summary>
    public Uri? SubStreamUri { get; init; }

    /// <summary>JPEG snapshot URI of the main profile; null when the device has none.</summary>
    public Uri? SnapshotUri { get; init; }

    public required OnvifMediaProfile MainProfile { get; init; }

    public OnvifMediaProfile? SubProfile { get; init; }

    /// <summary>Every profile the device listed.</summary>
    public required IReadOnlyList<OnvifMediaProfile> Profiles { get; init; }

    /// <summary>Device clock − our clock (positive: device ahead). Zero when it could not be read.</summary>
    public TimeSpan ClockSkew { get; init; }

    /// <summary>|<see cref="ClockSkew"/>| is above <see cref="OnvifClientOptions.ClockSkewWarningThreshold"/>: tell someone to set up NTP.</summary>
    public bool ClockSkewExceedsThreshold { get; init; }

    /// <summary>The device's clock answer, when it gave one.</summary>
    public OnvifDeviceClock? Clock { get; init; }

    public required OnvifCapabilities Capabilities { get; init; }

    /// <summary>The device has an event service with pull points (motion etc. can be subscribed).</summary>
    public bool HasEvents => Capabilities.HasEvents && Capabilities.PullPointSupport;

    /// <summary>The device has a PTZ service and the main profile a PTZ configuration.</summary>
    public bool HasPtz => Capabilities.HasPtz && MainProfile.HasPtz;
}
