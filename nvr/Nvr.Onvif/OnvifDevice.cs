using System.Net.Http;
using System.Xml;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif;

/// <summary>
/// A client for one ONVIF device: device management (ONVIF Core §8), media (Media1 and Media2),
/// events (Core §9, pull point) and PTZ. Plain HttpClient + XmlWriter/XmlReader (no WCF, no
/// serializers): Native-AOT safe. See <c>nvr/design/onvif.md</c>.
/// <para>
/// Authentication is automatic: WS-UsernameToken PasswordDigest on every call with Created in the
/// device's clock (measured once with GetSystemDateAndTime before the first authenticated call),
/// plus HTTP Digest when the device challenges for it. Service addresses are found with
/// GetServices (falling back to GetCapabilities) on first need and rewritten to the host actually
/// used. Thread-safe.
/// </para>
/// </summary>
public sealed partial class OnvifDevice
{
    private readonly OnvifSoapClient _soap;
    private readonly SemaphoreSlim _servicesGate = new(1, 1);
    private volatile OnvifCapabilities? _capabilities;
    private volatile OnvifDeviceClock? _clock;
    private volatile bool _clockAttempted;

    /// <param name="httpClient">Shared client; this class never disposes it. Its own Timeout should be infinite or long: each call has <see cref="OnvifClientOptions.RequestTimeout"/>.</param>
    /// <param name="deviceServiceAddress">The device service, e.g. <c>http://192.0.2.10/onvif/device_service</c>.</param>
    /// <param name="credentials">Null for devices without authentication.</param>
    /// <param name="timeProvider">Clock for tokens, skew and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="options">Limits; defaults when null.</param>
    public OnvifDevice(HttpClient httpClient, Uri deviceServiceAddress, OnvifCredentials? credentials, TimeProvider? timeProvider = null, OnvifClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(deviceServiceAddress);
        DeviceServiceAddress = deviceServiceAddress;
        _soap = new OnvifSoapClient(httpClient, credentials, timeProvider ?? TimeProvider.System, options ?? new OnvifClientOptions());
    }

    /// <summary>Parses <c>host</c>, <c>host:port</c> or a URL into a device service address (default path <c>/onvif/device_service</c>).</summary>
    public static Uri ParseAddress(string address) => OnvifUris.ParseDeviceAddress(address);

    public Uri DeviceServiceAddress { get; }

    /// <summary>The last clock measurement, or null before the first.</summary>
    public OnvifDeviceClock? Clock => _clock;

    /// <summary>Service addresses once found (by <see cref="GetServiceAddressesAsync"/> or any call needing them).</summary>
    public OnvifCapabilities? Capabilities => _capabilities;

    internal OnvifClientOptions Options => _soap.Options;

    internal TimeProvider TimeProvider => _soap.TimeProvider;

    /// <summary>
    /// GetSystemDateAndTime (unauthenticated, ONVIF Core §5.12.1): measures the device clock and
    /// stores the offset used for every later UsernameToken.
    /// </summary>
    public async Task<OnvifDeviceClock> GetSystemDateAndTimeAsync(CancellationToken cancellationToken = default)
    {
        var before = TimeProvider.GetUtcNow();
        var body = await _soap.CallAsync(
            new SoapCall(DeviceServiceAddress, OnvifNamespaces.Device + "/GetSystemDateAndTime", "GetSystemDateAndTime", w => Empty(w, "tds", "GetSystemDateAndTime", OnvifNamespaces.Device))
            {
                Authenticate = false,
            },
            cancellationToken).ConfigureAwait(false);
        var after = TimeProvider.GetUtcNow();
        var (deviceUtc, ntp, tz) = DeviceResponseParser.ParseSystemDateAndTime(body, DeviceServiceAddress);
        var midpoint = before + ((after - before) / 2);
        // The device reports whole seconds: a skew under one second is noise.
        var skew = deviceUtc - midpoint;
        if (skew.Duration() < TimeSpan.FromSeconds(1)) skew = TimeSpan.Zero;
        var clock = new OnvifDeviceClock(deviceUtc, skew, ntp, tz);
        _soap.ClockOffset = skew;
        _clock = clock;
        _clockAttempted = true;
        return clock;
    }

    /// <summary>GetDeviceInformation (ONVIF Core §8.3.1).</summary>
    public async Task<OnvifDeviceInfo> GetDeviceInformationAsync(CancellationToken cancellationToken = default)
    {
        var body = await CallAsync(DeviceServiceAddress, OnvifNamespaces.Device, "GetDeviceInformation", w => Empty(w, "tds", "GetDeviceInformation", OnvifNamespaces.Device), cancellationToken).ConfigureAwait(false);
        return DeviceResponseParser.ParseDeviceInformation(body, DeviceServiceAddress);
    }

    /// <summary>GetCapabilities, category All (ONVIF Core §8.1.1); addresses rewritten.</summary>
    public async Task<OnvifCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        var body = await CallAsync(DeviceServiceAddress, OnvifNamespaces.Device, "GetCapabilities", w =>
        {
            w.WriteStartElement("tds", "GetCapabilities", OnvifNamespaces.Device);
            w.WriteElementString("tds", "Category", OnvifNamespaces.Device, "All");
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
        return Rewrite(DeviceResponseParser.ParseCapabilities(body, DeviceServiceAddress, DeviceServiceAddress));
    }

    /// <summary>GetServices without capabilities (ONVIF Core §8.1.2); addresses rewritten.</summary>
    public async Task<IReadOnlyList<OnvifServiceInfo>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        var body = await CallAsync(DeviceServiceAddress, OnvifNamespaces.Device, "GetServices", w =>
        {
            w.WriteStartElement("tds", "GetServices", OnvifNamespaces.Device);
            w.WriteElementString("tds", "IncludeCapability", OnvifNamespaces.Device, "false");
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
        var services = DeviceResponseParser.ParseServices(body, DeviceServiceAddress);
        return services.Select(s => s with { Address = RewriteService(s.Address) }).ToArray();
    }

    /// <summary>
    /// The device's service addresses: GetServices (which lists Media2), merged with GetCapabilities
    /// when GetServices is missing or lacks the event/PTZ flags. Cached after the first success.
    /// </summary>
    public async Task<OnvifCapabilities> GetServiceAddressesAsync(CancellationToken cancellationToken = default)
    {
        if (_capabilities is { } known) return known;
        await _servicesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_capabilities is { } again) return again;
            OnvifCapabilities? fromServices = null;
            try
            {
                fromServices = DeviceResponseParser.FromServices(await GetServicesAsync(cancellationToken).ConfigureAwait(false), DeviceServiceAddress);
            }
            catch (OnvifFaultException e) when (!e.IsNotAuthorized)
            {
                // GetServices is optional before ONVIF 2.0 (old Dahua/TP-Link firmware): use GetCapabilities.
            }

            OnvifCapabilities result;
            if (fromServices is { MediaAddress: not null, EventsAddress: not null })
            {
                result = fromServices;
            }
            else
            {
                var caps = await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
                result = fromServices is null ? caps : fromServices with
                {
                    MediaAddress = fromServices.MediaAddress ?? caps.MediaAddress,
                    EventsAddress = fromServices.EventsAddress ?? caps.EventsAddress,
                    PtzAddress = fromServices.PtzAddress ?? caps.PtzAddress,
                    ImagingAddress = fromServices.ImagingAddress ?? caps.ImagingAddress,
                    PullPointSupport = fromServices.PullPointSupport || caps.PullPointSupport,
                };
            }

            _capabilities = result;
            return result;
        }
        finally
        {
            _servicesGate.Release();
        }
    }

    internal async Task<XmlElementNode> CallAsync(Uri endpoint, string serviceNamespace, string operation, Action<XmlWriter> writeBody, CancellationToken cancellationToken)
    {
        await EnsureClockAsync(cancellationToken).ConfigureAwait(false);
        return await _soap.CallAsync(new SoapCall(endpoint, serviceNamespace + "/" + operation, operation, writeBody), cancellationToken).ConfigureAwait(false);
    }

    internal async Task<XmlElementNode> CallAsync(SoapCall call, CancellationToken cancellationToken)
    {
        await EnsureClockAsync(cancellationToken).ConfigureAwait(false);
        return await _soap.CallAsync(call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Measures the clock once before the first authenticated call; a device that fails GetSystemDateAndTime is used with offset zero.</summary>
    private async Task EnsureClockAsync(CancellationToken cancellationToken)
    {
        if (_clockAttempted || !_soap.HasCredentials) return;
        try
        {
            await GetSystemDateAndTimeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OnvifException)
        {
            // Some cameras require authentication even here (against ONVIF Core §5.12.1); carry on with our own clock.
        }

        _clockAttempted = true;
    }

    internal Uri RewriteService(Uri reported) =>
        Options.RewriteServiceAddresses ? OnvifUris.RewriteServiceAddress(reported, DeviceServiceAddress) : reported;

    private OnvifCapabilities Rewrite(OnvifCapabilities c) => c with
    {
        DeviceAddress = RewriteService(c.DeviceAddress),
        MediaAddress = c.MediaAddress is null ? null : RewriteService(c.MediaAddress),
        Media2Address = c.Media2Address is null ? null : RewriteService(c.Media2Address),
        EventsAddress = c.EventsAddress is null ? null : RewriteService(c.EventsAddress),
        PtzAddress = c.PtzAddress is null ? null : RewriteService(c.PtzAddress),
        ImagingAddress = c.ImagingAddress is null ? null : RewriteService(c.ImagingAddress),
    };

    internal static void Empty(XmlWriter w, string prefix, string name, string ns)
    {
        w.WriteStartElement(prefix, name, ns);
        w.WriteEndElement();
    }

    internal static void Element(XmlWriter w, string prefix, string name, string ns, string value) =>
        w.WriteElementString(prefix, name, ns, value);
}
