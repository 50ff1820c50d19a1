namespace Nvr.OnvifGlue;

/// <summary>The event pull-point subscription of a camera: status (starting, subscribed, retrying, stopped) and counters.</summary>
public sealed record OnvifEventsState(string Status, string? Error, long Subscriptions, long Renewals, long Events, long Failures);
