namespace Nvr.Onvif.Events;

/// <summary>A PullMessages answer (ONVIF Core §9.1.2).</summary>
public sealed record OnvifPullMessagesResult(IReadOnlyList<OnvifEvent> Events, DateTimeOffset? CurrentTime, DateTimeOffset? TerminationTime);
