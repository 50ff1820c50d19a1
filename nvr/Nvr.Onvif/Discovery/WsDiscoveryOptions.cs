using System.Net;
using System.Net.Sockets;

namespace Nvr.Onvif.Discovery;

/// <summary>How one WS-Discovery probe round runs.</summary>
public sealed record WsDiscoveryOptions
{
    /// <summary>
    /// How long to collect answers. 3 s: WS-Discovery's MATCH_TIMEOUT is 4 s but devices answer a
    /// Probe after a random delay of up to APP_MAX_DELAY = 500 ms (SOAP-over-UDP §3.1).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Local IPv4 address (interface) to send the multicast probe from; the default route's interface when null.</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Multicast TTL. 1: discovery is link-local by design.</summary>
    public int MulticastTimeToLive { get; init; } = 1;

    /// <summary>Most devices kept from one round.</summary>
    public int MaxDevices { get; init; } = 256;

    /// <summary>
    /// Creates the UDP socket (already bound or not). For multi-homed hosts and for tests that
    /// create the socket inside a network namespace. Null: an IPv4 UDP socket bound to
    /// <see cref="LocalAddress"/> or any address.
    /// </summary>
    public Func<Socket>? SocketFactory { get; init; }
}
