namespace Nvr.Onvif.Events;

/// <summary>How <see cref="OnvifEventSubscriber"/> keeps its pull-point subscription.</summary>
public sealed record OnvifEventSubscriberOptions
{
    /// <summary>
    /// Requested subscription lifetime (InitialTerminationTime and each Renew). 60 s: short enough
    /// that a forgotten subscription frees its slot soon (Hikvision allows ~5–10 per device), long
    /// enough that renewals are rare.
    /// </summary>
    public TimeSpan TerminationTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest PullMessages wait. Events come back as soon as they happen; this only bounds how
    /// long one request stays open. 10 s: under every device's maximum we know of, and far under
    /// NAT idle timeouts.
    /// </summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>MessageLimit per PullMessages.</summary>
    public int MessageLimit { get; init; } = 100;

    /// <summary>First delay before resubscribing after a failure; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the resubscribe back-off. 60 s: a rebooting camera is back within ~1 min.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long Unsubscribe may take when stopping.</summary>
    public TimeSpan UnsubscribeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
