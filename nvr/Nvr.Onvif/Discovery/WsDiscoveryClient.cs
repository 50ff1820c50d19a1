using System.Net;
using System.Net.Sockets;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Discovery;

/// <summary>
/// WS-Discovery 2005/04 client (ONVIF Core §7.3). Sends a Probe for
/// <c>dn:NetworkVideoTransmitter</c> and one for <c>tds:Device</c> (older Axis and Sony units match
/// only the latter) to 239.255.255.250:3702, or unicast to one host, and collects ProbeMatches
/// that answer them (by RelatesTo) until the timeout. Each probe is sent twice ~100 ms apart
/// (SOAP-over-UDP §3.1 retransmission: UDP may drop one). Runs only when called; nothing periodic.
/// </summary>
public sealed class WsDiscoveryClient
{
    /// <summary>WS-Discovery multicast group and port (WS-Discovery 2005/04 §2.4).</summary>
    public static readonly IPEndPoint MulticastEndpoint = new(IPAddress.Parse("239.255.255.250"), 3702);

    public const int DefaultPort = 3702;

    private readonly TimeProvider _time;

    public WsDiscoveryClient(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Multicast probe; every device that answers within the timeout.</summary>
    public Task<IReadOnlyList<DiscoveredDevice>> ProbeAsync(WsDiscoveryOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(MulticastEndpoint, multicast: true, options ?? new WsDiscoveryOptions(), cancellationToken);

    /// <summary>
    /// Unicast probe to <paramref name="target"/> (port 3702 unless given); returns as soon as that
    /// host answered, or empty at the timeout.
    /// </summary>
    public Task<IReadOnlyList<DiscoveredDevice>> ProbeUnicastAsync(IPEndPoint target, WsDiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return RunAsync(target, multicast: false, options ?? new WsDiscoveryOptions(), cancellationToken);
    }

    private async Task<IReadOnlyList<DiscoveredDevice>> RunAsync(IPEndPoint destination, bool multicast, WsDiscoveryOptions options, CancellationToken cancellationToken)
    {
        using var socket = options.SocketFactory?.Invoke() ?? new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (!socket.IsBound)
        {
            var any = destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(options.LocalAddress ?? any, 0));
        }

        if (multicast)
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, options.MulticastTimeToLive);
            if (options.LocalAddress is { AddressFamily: AddressFamily.InterNetwork } local)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
            }
        }

        var ids = new[] { "uuid:" + Guid.NewGuid().ToString("D"), "uuid:" + Guid.NewGuid().ToString("D") };
        var probes = new[]
        {
            WsDiscoveryMessages.BuildProbe(ids[0], OnvifNamespaces.NetworkWsdl, "dn", "NetworkVideoTransmitter"),
            WsDiscoveryMessages.BuildProbe(ids[1], OnvifNamespaces.Device, "tds", "Device"),
        };

        using var deadline = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var sending = SendAsync(socket, destination, probes, linked.Token);
        var found = new Dictionary<string, DiscoveredDevice>(StringComparer.Ordinal);
        var buffer = new byte[65_536];
        try
        {
            while (found.Count < options.MaxDevices)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), linked.Token).ConfigureAwait(false);
                var remote = ((IPEndPoint)received.RemoteEndPoint).Address;
                if (!multicast && !remote.Equals(destination.Address)) continue;
                var message = WsDiscoveryMessages.ParseProbeMatches(buffer.AsMemory(0, received.ReceivedBytes), remote);
                if (message is null) continue;
                // Answers to someone else's probe are ignored; a missing RelatesTo (seen on cheap
                // OEM firmware) is accepted.
                if (message.RelatesTo is not null && !ids.Contains(message.RelatesTo, StringComparer.OrdinalIgnoreCase)) continue;
                foreach (var d in message.Matches)
                {
                    if (d.XAddrs.Count == 0) continue;
                    var key = d.EndpointReference.Length > 0 ? d.EndpointReference : d.XAddrs[0].AbsoluteUri;
                    found.TryAdd(key, d);
                }

                if (!multicast && found.Count > 0) break;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timeout: the round is over.
        }
        catch (SocketException) when (!cancellationToken.IsCancellationRequested)
        {
            // ICMP port unreachable from a unicast target that has no responder surfaces here.
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return found.Values.ToArray();
    }

    private async Task SendAsync(Socket socket, IPEndPoint destination, byte[][] probes, CancellationToken cancellationToken)
    {
        for (int round = 0; round < 2; round++)
        {
            if (round > 0) await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
            foreach (var p in probes) await socket.SendToAsync(p, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
    }
}
