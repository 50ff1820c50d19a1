using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Events;

/// <summary>
/// A pull-point subscription (ONVIF Core §9.1 CreatePullPointSubscription): where to send
/// PullMessages/Renew/Unsubscribe, and when it ends.
/// </summary>
/// <param name="Address">Subscription manager address (rewritten to the host actually used).</param>
/// <param name="TerminationTime">Termination time in the device's clock, when reported.</param>
/// <param name="CurrentTime">The device's time when it answered, when reported.</param>
public sealed record OnvifPullPointSubscription(Uri Address, DateTimeOffset? TerminationTime, DateTimeOffset? CurrentTime)
{
    /// <summary>WS-Addressing reference parameters to echo in each request (Axis: SubscriptionId).</summary>
    internal IReadOnlyList<XmlElementNode> ReferenceParameters { get; init; } = [];

    /// <summary>How long the subscription lives from the device's "now", when both times were reported.</summary>
    public TimeSpan? Lifetime => TerminationTime is { } t && CurrentTime is { } c ? t - c : null;
}
