using System.Net.Http;

namespace Nvr.Onvif;

/// <summary>
/// One call that turns "host, user, password" into everything needed to add a camera: device
/// information, main and sub RTSP URIs, snapshot URI, clock skew and capabilities.
/// <para>
/// Sequence: GetSystemDateAndTime (clock offset for WS-UsernameToken) → GetDeviceInformation
/// (fails here with <see cref="OnvifFaultException"/> <c>IsNotAuthorized</c> on wrong credentials)
/// → GetServices/GetCapabilities → GetProfiles (Media2 when offered) → GetStreamUri for the
/// highest- and lowest-resolution profiles → GetSnapshotUri of the main one (optional).
/// </para>
/// </summary>
public static class OnvifCameraProbe
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>Probes with a shared HttpClient, the system clock and default options.</summary>
    /// <param name="address"><c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a device service URL.</param>
    public static Task<OnvifProbeResult> ProbeAsync(string address, string? username, string? password, CancellationToken cancellationToken = default) =>
        ProbeAsync(SharedClient.Value, address, username, password, null, null, cancellationToken);

    /// <summary>Probes <paramref name="address"/> with the given client, clock and options.</summary>
    /// <exception cref="ArgumentException">The address cannot be parsed.</exception>
    /// <exception cref="OnvifException">The device is unreachable, refused the credentials, or has no usable video profile.</exception>
    public static async Task<OnvifProbeResult> ProbeAsync(
        HttpClient httpClient,
        string address,
        string? username,
        string? password,
        TimeProvider? timeProvider = null,
        OnvifClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new OnvifClientOptions();
        var credentials = string.IsNullOrEmpty(username) ? null : new OnvifCredentials(username, password ?? string.Empty);
        var device = new OnvifDevice(httpClient, OnvifDevice.ParseAddress(address), credentials, timeProvider, options);

        OnvifDeviceClock? clock = null;
        try
        {
            clock = await device.GetSystemDateAndTimeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OnvifFaultException)
        {
            // Answered, but not this (some cameras want credentials for it): no skew known.
        }
        catch (OnvifMalformedResponseException)
        {
            // Same: it is an ONVIF endpoint of sorts; the next call decides.
        }

        var info = await device.GetDeviceInformationAsync(cancellationToken).ConfigureAwait(false);
        var capabilities = await device.GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        var profiles = await device.GetProfilesAsync(cancellationToken).ConfigureAwait(false);
        var (main, sub) = PickMainAndSub(profiles)
            ?? throw new OnvifException($"device lists {profiles.Count} media profiles but none with a video encoder", device.DeviceServiceAddress);

        var mainUri = await device.GetStreamUriAsync(main, cancellationToken).ConfigureAwait(false);
        Uri? subUri = null;
        if (sub is not null)
        {
            try
            {
                subUri = await device.GetStreamUriAsync(sub, cancellationToken).ConfigureAwait(false);
            }
            catch (OnvifFaultException e) when (!e.IsNotAuthorized)
            {
                sub = null;
            }
        }

        Uri? snapshot = null;
        try
        {
            snapshot = await device.GetSnapshotUriAsync(main, cancellationToken).ConfigureAwait(false);
        }
        catch (OnvifFaultException e) when (!e.IsNotAuthorized)
        {
            // Snapshots are optional (ONVIF Media §5.15: "ter:ActionNotSupported" on many NVR channels).
        }
        catch (OnvifMalformedResponseException)
        {
            // An empty or unusable snapshot URI: treat as none.
        }

        var skew = clock?.Skew ?? TimeSpan.Zero;
        return new OnvifProbeResult
        {
            DeviceServiceAddress = device.DeviceServiceAddress,
            DeviceInfo = info,
            MainStreamUri = mainUri,
            SubStreamUri = subUri,
            SnapshotUri = snapshot,
            MainProfile = main,
            SubProfile = sub,
            Profiles = profiles,
            ClockSkew = skew,
            ClockSkewExceedsThreshold = skew.Duration() > options.ClockSkewWarningThreshold,
            Clock = clock,
            Capabilities = capabilities,
        };
    }

    /// <summary>
    /// Main = most pixels, sub = fewest (first in device order on ties); sub is null when only one
    /// video profile exists or all have the same resolution as main and the same token.
    /// </summary>
    public static (OnvifMediaProfile Main, OnvifMediaProfile? Sub)? PickMainAndSub(IReadOnlyList<OnvifMediaProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        OnvifMediaProfile? main = null, sub = null;
        foreach (var p in profiles)
        {
            if (p.Encoding is null && p.Pixels == 0) continue;
            if (main is null || p.Pixels > main.Pixels) main = p;
            if (sub is null || p.Pixels < sub.Pixels) sub = p;
        }

        if (main is null) return null;
        return (main, sub is null || sub.Token == main.Token ? null : sub);
    }
}
