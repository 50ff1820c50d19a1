using System.Threading.Channels;

namespace Nvr.Streaming.Events;

/// <summary>One subscriber's bounded queue on the <see cref="EventBus"/>. Dispose to unsubscribe.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventBus _bus;
    private readonly Channel<NvrEvent> _channel;
    private long _dropped;

    internal EventSubscription(EventBus bus, string name, int capacity)
    {
        _bus = bus;
        Name = name;
        _channel = Channel.CreateBounded<NvrEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public string Name { get; }

    /// <summary>Events this subscriber lost because it fell more than its capacity behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<NvrEvent> Reader => _channel.Reader;

    internal void Offer(NvrEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        _bus.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
