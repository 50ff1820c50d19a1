namespace Nvr.Onvif;

/// <summary>
/// Service addresses of a device, from GetServices (ONVIF Core §8.1.2) or, on devices without it,
/// GetCapabilities (§8.1.1). Addresses are already rewritten to the host actually used (see
/// <see cref="OnvifClientOptions.RewriteServiceAddresses"/>). Null means "not offered".
/// </summary>
public sealed record OnvifCapabilities
{
    public required Uri DeviceAddress { get; init; }

    public Uri? MediaAddress { get; init; }

    /// <summary>Media2 (ONVIF Media Service 2.0, Profile T).</summary>
    public Uri? Media2Address { get; init; }

    public Uri? EventsAddress { get; init; }

    public Uri? PtzAddress { get; init; }

    public Uri? ImagingAddress { get; init; }

    /// <summary>The event service reports WS-PullPoint support (or did not say; ONVIF requires it).</summary>
    public bool PullPointSupport { get; init; }

    public bool HasEvents => EventsAddress is not null;

    public bool HasPtz => PtzAddress is not null;

    public bool HasMedia2 => Media2Address is not null;
}
