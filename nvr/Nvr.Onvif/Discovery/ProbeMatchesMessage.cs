namespace Nvr.Onvif.Discovery;

/// <summary>A parsed ProbeMatches datagram: which Probe it answers and what it lists.</summary>
internal sealed record ProbeMatchesMessage(string? RelatesTo, IReadOnlyList<DiscoveredDevice> Matches);
