namespace Nvr.OnvifGlue;

/// <summary>One device in <c>GET /api/onvif/discover</c> (WS-Discovery ProbeMatch, ONVIF Core §7.3 scopes).</summary>
public sealed record DiscoveredDeviceInfo(
    string EndpointReference,
    string? Address,
    string? DeviceServiceUrl,
    string[] XAddrs,
    string? Name,
    string? Hardware,
    string? Location,
    string[] Types,
    string[] Scopes);
