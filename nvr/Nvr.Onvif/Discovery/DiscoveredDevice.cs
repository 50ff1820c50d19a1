using System.Net;

namespace Nvr.Onvif.Discovery;

/// <summary>
/// One device that answered a WS-Discovery Probe (WS-Discovery 2005/04 §5.3 ProbeMatch; ONVIF Core
/// §7.3 scopes).
/// </summary>
/// <param name="EndpointReference">Stable device id, usually <c>urn:uuid:…</c>.</param>
/// <param name="XAddrs">Device service addresses as advertised.</param>
/// <param name="Types">QNames as written, e.g. <c>dn:NetworkVideoTransmitter</c>.</param>
/// <param name="Scopes">Scope URIs as written.</param>
/// <param name="Name">From <c>onvif://www.onvif.org/name/…</c>, unescaped.</param>
/// <param name="Hardware">From <c>onvif://www.onvif.org/hardware/…</c>, unescaped.</param>
/// <param name="Location">From <c>onvif://www.onvif.org/location/…</c> (the rest of the path), unescaped.</param>
/// <param name="MetadataVersion">MetadataVersion, when present.</param>
/// <param name="RemoteAddress">Where the answer came from.</param>
public sealed record DiscoveredDevice(
    string EndpointReference,
    IReadOnlyList<Uri> XAddrs,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Scopes,
    string? Name,
    string? Hardware,
    string? Location,
    int? MetadataVersion,
    IPAddress? RemoteAddress)
{
    /// <summary>
    /// The XAddr to use: the one whose host is the address that answered (devices list link-local
    /// IPv6 and stale addresses too), else the first IPv4 one, else the first.
    /// </summary>
    public Uri? DeviceServiceAddress
    {
        get
        {
            if (RemoteAddress is not null)
            {
                foreach (var x in XAddrs)
                {
                    if (IPAddress.TryParse(x.IdnHost, out var ip) && ip.Equals(RemoteAddress)) return x;
                }
            }

            foreach (var x in XAddrs)
            {
                if (x.HostNameType == UriHostNameType.IPv4) return x;
            }

            return XAddrs.Count > 0 ? XAddrs[0] : null;
        }
    }
}
