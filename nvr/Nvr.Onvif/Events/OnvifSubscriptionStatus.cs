namespace Nvr.Onvif.Events;

/// <summary>State of an <see cref="OnvifEventSubscriber"/>.</summary>
public enum OnvifSubscriptionStatus
{
    /// <summary>Not running yet, or creating its first subscription.</summary>
    Starting,
    /// <summary>Subscribed and pulling.</summary>
    Subscribed,
    /// <summary>The last attempt failed; waiting to resubscribe (see <see cref="OnvifEventSubscriber.LastError"/>).</summary>
    Retrying,
    /// <summary>RunAsync has returned.</summary>
    Stopped,
}
