using System.Threading.Channels;

namespace Nvr.Streaming.Events;

/// <summary>
/// In-process publish/subscribe for <see cref="NvrEvent"/>s. <see cref="Publish"/> never blocks:
/// each subscriber has its own bounded queue and a slow subscriber loses its oldest events (counted
/// in <see cref="EventSubscription.Dropped"/>), never delaying the camera that published.
/// </summary>
public sealed class EventBus
{
    private readonly object _gate = new();
    private EventSubscription[] _subscribers = [];

    public long Published => Interlocked.Read(ref _published);
    private long _published;

    public void Publish(NvrEvent e)
    {
        Interlocked.Increment(ref _published);
        foreach (var s in Volatile.Read(ref _subscribers)) s.Offer(e);
    }

    /// <summary>Subscribes to every event published from now on.</summary>
    public EventSubscription Subscribe(string name, int capacity = 1024)
    {
        var s = new EventSubscription(this, name, capacity);
        lock (_gate) _subscribers = [.. _subscribers, s];
        return s;
    }

    internal void Unsubscribe(EventSubscription s)
    {
        lock (_gate) _subscribers = _subscribers.Where(x => x != s).ToArray();
    }
}
