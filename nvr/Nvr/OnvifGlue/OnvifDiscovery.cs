using System.Net;
using System.Net.Sockets;
using Nvr.Onvif.Discovery;

namespace Nvr.OnvifGlue;

/// <summary>
/// <c>GET /api/onvif/discover</c>: one WS-Discovery probe round (WS-Discovery 2005/04 §5.2),
/// multicast to 239.255.255.250:3702 or unicast to <c>?host=</c>. Runs only when asked, one
/// round at a time; nvr never probes in the background (a box must not spray multicast).
/// </summary>
public sealed partial class OnvifDiscovery(TimeProvider time, ILogger<OnvifDiscovery> logger)
{
    public const double DefaultTimeoutSeconds = 3;
    public const double MaxTimeoutSeconds = 10;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<(int Status, string? Error, DiscoveredDeviceInfo[]? Devices)> DiscoverAsync(string? host, double? timeoutSeconds, CancellationToken cancellationToken)
    {
        var seconds = timeoutSeconds ?? DefaultTimeoutSeconds;
        if (!(seconds > 0 && seconds <= MaxTimeoutSeconds)) return (400, $"timeout must be greater than 0 and at most {MaxTimeoutSeconds} seconds", null);
        var options = new WsDiscoveryOptions { Timeout = TimeSpan.FromSeconds(seconds) };

        IPEndPoint? target = null;
        if (!string.IsNullOrWhiteSpace(host))
        {
            target = await ResolveAsync(host.Trim(), cancellationToken).ConfigureAwait(false);
            if (target is null) return (400, "host must be an IP address or a resolvable name, optionally with :port (default 3702)", null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = new WsDiscoveryClient(time);
            IReadOnlyList<DiscoveredDevice> found;
            try
            {
                found = target is null
                    ? await client.ProbeAsync(options, cancellationToken).ConfigureAwait(false)
                    : await client.ProbeUnicastAsync(target, options, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                return (500, $"discovery failed: {e.Message}", null);
            }
            LogDiscovered(logger, target?.ToString() ?? "multicast", found.Count);
            return (200, null, found.Select(d => new DiscoveredDeviceInfo(
                d.EndpointReference,
                d.RemoteAddress?.ToString(),
                d.DeviceServiceAddress?.ToString(),
                d.XAddrs.Select(x => x.ToString()).ToArray(),
                d.Name, d.Hardware, d.Location,
                d.Types.ToArray(), d.Scopes.ToArray())).ToArray());
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<IPEndPoint?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(host, out var ep))
        {
            if (ep.Port == 0) ep.Port = WsDiscoveryClient.DefaultPort;
            return ep;
        }
        int port = WsDiscoveryClient.DefaultPort;
        var name = host;
        int colon = host.LastIndexOf(':');
        if (colon > 0)
        {
            if (!int.TryParse(host.AsSpan(colon + 1), out port) || port is < 1 or > 65535) return null;
            name = host[..colon];
        }
        if (Uri.CheckHostName(name) != UriHostNameType.Dns) return null;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
            return addresses.Length == 0 ? null : new IPEndPoint(addresses[0], port);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 820, Level = LogLevel.Information, Message = "ONVIF discovery ({Target}): {Count} device(s)")]
    private static partial void LogDiscovered(ILogger logger, string target, int count);
}
