using System.Threading.Channels;
using MQTTnet.Protocol;

namespace Nvr.Mqtt;

/// <summary>
/// Everything waiting to be published, and the current value of every retained topic, so a
/// reconnect re-publishes the full state. Producers never block and never touch the network:
/// <list type="bullet">
/// <item>retained messages coalesce per topic (a pending value is replaced in place), so the queue
/// holds at most one per topic; an unchanged value is not queued again;</item>
/// <item>non-retained messages (events) are bounded: beyond <see cref="MaxPendingEvents"/> the
/// oldest is dropped and counted — a dead broker cannot grow memory;</item>
/// <item><see cref="RepublishAll"/> (after connect, on Home Assistant's birth) puts every retained
/// value at the front, in first-publication order, so <c>available</c> goes first.</item>
/// </list>
/// It also knows which retained topics nvr owns (<see cref="OwnedTopics"/>: current values plus
/// deletions not yet acknowledged), which is what the announcement store persists.
/// </summary>
internal sealed class MqttOutbox
{
    private readonly Lock _gate = new();
    private readonly OrderedDictionary<string, MqttMessage> _retained = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _adopted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _edged = new(StringComparer.Ordinal);
    private readonly LinkedList<MqttMessage> _queue = new();
    private readonly Dictionary<string, LinkedListNode<MqttMessage>> _pendingRetained = new(StringComparer.Ordinal);
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private int _pendingEvents;
    private long _dropped;
    private long _ownedVersion;

    public MqttOutbox(int maxPendingEvents = 1000)
    {
        MaxPendingEvents = Math.Max(1, maxPendingEvents);
    }

    public int MaxPendingEvents { get; }

    /// <summary>Non-retained messages dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Count
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Changes whenever <see cref="OwnedTopics"/> changes.</summary>
    public long OwnedVersion
    {
        get { lock (_gate) return _ownedVersion; }
    }

    /// <summary>
    /// Retained topics with a value, those whose deletion is not yet acknowledged, and those
    /// <see cref="Adopt"/>ed from an earlier run.
    /// </summary>
    public IReadOnlyCollection<string> OwnedTopics
    {
        get
        {
            lock (_gate) return [.. _retained.Keys, .. _deleting, .. _adopted];
        }
    }

    /// <summary>
    /// Keeps owning a topic an earlier run published and this one may not publish again soon
    /// (a camera's last snapshot), so that it is still deleted if the camera goes away later.
    /// </summary>
    public void Adopt(string topic)
    {
        lock (_gate)
        {
            if (_retained.ContainsKey(topic) || _deleting.Contains(topic)) return;
            if (_adopted.Add(topic)) _ownedVersion++;
        }
    }

    /// <summary>The current retained value of <paramref name="topic"/>, if any.</summary>
    public MqttMessage? GetRetained(string topic)
    {
        lock (_gate) return _retained.TryGetValue(topic, out var m) ? m : null;
    }

    /// <summary>
    /// Sets a retained value; queues it unless it equals the current one. Empty payloads: use
    /// <see cref="DeleteRetained"/>. With <paramref name="keepEdges"/> a pending older value is not
    /// replaced but sent first (motion: a short ON must reach subscribers before its OFF).
    /// </summary>
    public void SetRetained(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfServiceLevel qos, bool keepEdges = false)
    {
        if (payload.IsEmpty) throw new ArgumentException("an empty retained payload deletes the topic; call DeleteRetained", nameof(payload));
        var message = new MqttMessage(topic, payload, true, qos);
        lock (_gate)
        {
            if (_retained.TryGetValue(topic, out var current) && current.Qos == qos && current.Payload.Span.SequenceEqual(payload.Span)) return;
            bool added = !_retained.ContainsKey(topic) && !_deleting.Contains(topic) && !_adopted.Remove(topic);
            _retained[topic] = message;
            if (_deleting.Remove(topic) || added) _ownedVersion++;
            // At most one older edge per topic stays queued, so a dead broker cannot grow the queue.
            if (keepEdges && _pendingRetained.ContainsKey(topic) && _edged.Add(topic)) _pendingRetained[topic] = _queue.AddLast(message);
            else QueueRetainedLocked(message, front: false);
        }

        Ring();
    }

    /// <summary>Forgets a retained topic and queues the empty retained message that deletes it on the broker.</summary>
    public void DeleteRetained(string topic)
    {
        lock (_gate)
        {
            bool wasOwned = _retained.Remove(topic) | _adopted.Remove(topic);
            if (_deleting.Add(topic) && !wasOwned) _ownedVersion++;
            QueueRetainedLocked(new MqttMessage(topic, ReadOnlyMemory<byte>.Empty, true, MqttQualityOfServiceLevel.AtLeastOnce), front: false);
        }

        Ring();
    }

    /// <summary>Queues a non-retained message; drops the oldest non-retained one when full.</summary>
    public void Enqueue(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfServiceLevel qos)
    {
        lock (_gate)
        {
            if (_pendingEvents >= MaxPendingEvents)
            {
                for (var node = _queue.First; node is not null; node = node.Next)
                {
                    if (node.Value.Retain) continue;
                    _queue.Remove(node);
                    _pendingEvents--;
                    _dropped++;
                    break;
                }
            }

            _queue.AddLast(new MqttMessage(topic, payload, false, qos));
            _pendingEvents++;
        }

        Ring();
    }

    /// <summary>Queues every current retained value again, at the front, in first-publication order.</summary>
    public void RepublishAll()
    {
        lock (_gate)
        {
            for (int i = _retained.Count - 1; i >= 0; i--) QueueRetainedLocked(_retained.GetAt(i).Value, front: true);
        }

        Ring();
    }

    /// <summary>Takes the next message to publish.</summary>
    public bool TryTake(out MqttMessage message)
    {
        lock (_gate)
        {
            var node = _queue.First;
            if (node is null)
            {
                message = null!;
                return false;
            }

            _queue.RemoveFirst();
            message = node.Value;
            if (!message.Retain) _pendingEvents--;
            else if (_pendingRetained.TryGetValue(message.Topic, out var latest) && latest == node)
            {
                _pendingRetained.Remove(message.Topic);
                _edged.Remove(message.Topic);
            }
            return true;
        }
    }

    /// <summary>
    /// Puts back a message that could not be published, at the front — unless a newer value for
    /// the same retained topic was queued meanwhile.
    /// </summary>
    public void Return(MqttMessage message)
    {
        lock (_gate)
        {
            if (message.Retain)
            {
                if (_pendingRetained.ContainsKey(message.Topic)) return;
                // A value that changed meanwhile is queued already; a stale one must not come back.
                bool current = message.IsDeletion ? _deleting.Contains(message.Topic) : _retained.TryGetValue(message.Topic, out var now) && ReferenceEquals(now, message);
                if (!current) return;
                _pendingRetained[message.Topic] = _queue.AddFirst(message);
            }
            else
            {
                _queue.AddFirst(message);
                _pendingEvents++;
            }
        }

        Ring();
    }

    /// <summary>Called once the broker acknowledged <paramref name="message"/>.</summary>
    public void Acknowledge(MqttMessage message)
    {
        if (!message.IsDeletion) return;
        lock (_gate)
        {
            if (!_pendingRetained.ContainsKey(message.Topic) && _deleting.Remove(message.Topic)) _ownedVersion++;
        }
    }

    /// <summary>Waits until something may have been queued since the last wait.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _doorbell.Reader.ReadAsync(cancellationToken);

    private void QueueRetainedLocked(MqttMessage message, bool front)
    {
        if (_pendingRetained.TryGetValue(message.Topic, out var node))
        {
            if (front)
            {
                if (_edged.Remove(message.Topic))
                {
                    // The older edge would land after the current value: drop it.
                    for (var n = _queue.First; n is not null; n = n.Next)
                    {
                        if (n != node && n.Value.Retain && n.Value.Topic == message.Topic)
                        {
                            _queue.Remove(n);
                            break;
                        }
                    }
                }

                _queue.Remove(node);
                node.Value = message;
                _queue.AddFirst(node);
            }
            else
            {
                node.Value = message;
            }

            return;
        }

        _pendingRetained[message.Topic] = front ? _queue.AddFirst(message) : _queue.AddLast(message);
    }

    private void Ring() => _doorbell.Writer.TryWrite(true);
}
