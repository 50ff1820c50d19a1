namespace Nvr.Onvif;

/// <summary>One entry of GetServices (ONVIF Core §8.1.2): a service namespace, its address and version.</summary>
public sealed record OnvifServiceInfo(string Namespace, Uri Address, int MajorVersion, int MinorVersion);
