namespace Nvr.Streaming;

// Queue and admission policy. Everything here runs under _gate; the Offer* methods are called by
// the feed under the feed's lock (lock order: feed, then reader — never the other way round).
public sealed partial class FeedReader
{
    private const int InitialCapacity = 16;

    private enum Mode : byte
    {
        /// <summary>Waiting for the first sync point of a start or of a new run; skipped units are not drops.</summary>
        Starting,
        /// <summary>Admitting every selected unit while it fits.</summary>
        Normal,
        /// <summary>After an overflow: dropping (and counting) until a keyframe at the low-water mark.</summary>
        Resync,
    }

    private readonly int _maxUnits;
    private readonly long _maxBytes;
    private readonly int _lowUnits;
    private readonly long _lowBytes;
    private readonly FeedOverflowPolicy _policy;
    private readonly FeedTrackSelection _tracks;
    private readonly FeedStartMode _startMode;

    // Ring of entries (units and offline markers). Grows by doubling up to what the caps allow
    // (units <= MaxUnits, markers are coalesced), never per unit.
    private FeedEntry[] _ring;
    private int _head;
    private int _count;
    private int _queuedUnits;
    private long _queuedBytes;
    private Mode _mode;
    private int _lastDescriptionVersion;

    private long _deliveredUnits;
    private long _deliveredBytes;
    private long _droppedUnits;
    private long _droppedBytes;
    private long _resyncs;
    private long _reportedUnits;
    private long _reportedBytes;
    private long _reportedResyncs;

    /// <summary>
    /// Called once by <see cref="Feed.OpenReader"/> before the reader is attached. <paramref name="gop"/>
    /// is the feed's valid last-GOP cache (empty when there is none or the feed is offline).
    /// </summary>
    internal void Begin(ReadOnlySpan<FeedEntry> gop, long gopBytes)
    {
        lock (_gate)
        {
            _mode = _startMode == FeedStartMode.Now ? Mode.Normal : Mode.Starting;
            if (_startMode != FeedStartMode.GopCache || gop.IsEmpty) return;
            // A cache larger than the budget would overflow at once: start at the next keyframe instead.
            if (gop.Length > _maxUnits || gopBytes > _maxBytes) return;
            foreach (ref readonly var entry in gop) Admit(in entry);
        }
    }

    /// <summary>Called by the feed for every published unit.</summary>
    internal void Offer(in FeedEntry entry)
    {
        bool wake;
        lock (_gate)
        {
            if (_disposed || _completed || !Admit(in entry)) return;
            wake = TakeWaiter();
        }
        if (wake) _core.SetResult(true);
    }

    /// <summary>Called by the feed when the run ends: queue the notice, then wait for the next run's start.</summary>
    internal void OfferOffline()
    {
        bool wake;
        lock (_gate)
        {
            if (_disposed || _completed) return;
            _mode = _startMode == FeedStartMode.Now ? Mode.Normal : Mode.Starting;
            // Consecutive notices say the same thing; keeping one bounds the queue of a reader
            // that never reads while the camera flaps.
            if (_count > 0 && _ring[(_head + _count - 1) % _ring.Length].IsMarker) return;
            Enqueue(FeedEntry.OfflineMarker);
            wake = TakeWaiter();
        }
        if (wake) _core.SetResult(true);
    }

    /// <summary>Applies the start / overflow / resync policy; true when the entry was queued.</summary>
    private bool Admit(in FeedEntry entry)
    {
        switch (_tracks)
        {
            case FeedTrackSelection.Video when !entry.IsVideo:
            case FeedTrackSelection.Audio when entry.IsVideo:
                return false;
        }
        // An audio-only reader can start on any audio frame; otherwise the feed decided.
        var sync = _tracks == FeedTrackSelection.Audio ? entry.Unit!.IsKeyframe : entry.IsSyncPoint;

        switch (_mode)
        {
            case Mode.Starting:
                if (!sync) return false;
                _mode = Mode.Normal;
                goto case Mode.Normal;
            case Mode.Normal:
                if (Fits(in entry))
                {
                    Enqueue(in entry);
                    return true;
                }
                _resyncs++;
                _mode = Mode.Resync;
                if (_policy == FeedOverflowPolicy.DiscardQueued) DiscardQueuedUnits();
                return TryResume(in entry, sync);
            default:
                return TryResume(in entry, sync);
        }
    }

    /// <summary>An empty queue takes any unit, however big: otherwise a reader could starve.</summary>
    private bool Fits(in FeedEntry entry) =>
        _queuedUnits == 0 || (_queuedUnits < _maxUnits && _queuedBytes + entry.Bytes <= _maxBytes);

    private bool TryResume(in FeedEntry entry, bool sync)
    {
        if (sync && _queuedUnits <= _lowUnits && _queuedBytes <= _lowBytes && Fits(in entry))
        {
            _mode = Mode.Normal;
            Enqueue(entry.WithDiscontinuity());
            return true;
        }
        _droppedUnits++;
        _droppedBytes += entry.Bytes;
        return false;
    }

    private void Enqueue(in FeedEntry entry)
    {
        if (_count == _ring.Length) Grow();
        var tail = _head + _count;
        if (tail >= _ring.Length) tail -= _ring.Length;
        _ring[tail] = entry;
        _count++;
        if (!entry.IsMarker)
        {
            _queuedUnits++;
            _queuedBytes += entry.Bytes;
        }
    }

    private FeedReadResult Dequeue()
    {
        ref var slot = ref _ring[_head];
        var entry = slot;
        slot = default; // release the unit for GC as soon as it is handed out
        if (++_head == _ring.Length) _head = 0;
        _count--;
        if (entry.IsMarker) return FeedReadResult.Offline;

        var bytes = entry.Bytes;
        _queuedUnits--;
        _queuedBytes -= bytes;
        _deliveredUnits++;
        _deliveredBytes += bytes;
        var description = entry.Description!;
        var changed = description.Version != _lastDescriptionVersion;
        _lastDescriptionVersion = description.Version;
        return FeedReadResult.ForUnit(entry.Unit!, description, changed, (entry.Flags & FeedEntryFlags.Discontinuity) != 0);
    }

    /// <summary>Overflow with <see cref="FeedOverflowPolicy.DiscardQueued"/>: drop every queued unit, keep one offline notice if any was queued.</summary>
    private void DiscardQueuedUnits()
    {
        var hadMarker = false;
        for (var i = 0; i < _count; i++)
        {
            var index = _head + i;
            if (index >= _ring.Length) index -= _ring.Length;
            ref var slot = ref _ring[index];
            if (slot.IsMarker)
            {
                hadMarker = true;
            }
            else
            {
                _droppedUnits++;
                _droppedBytes += slot.Bytes;
            }
            slot = default;
        }
        _head = 0;
        _count = 0;
        _queuedUnits = 0;
        _queuedBytes = 0;
        if (hadMarker) Enqueue(FeedEntry.OfflineMarker);
    }

    private void ClearQueue()
    {
        Array.Clear(_ring);
        _head = 0;
        _count = 0;
        _queuedUnits = 0;
        _queuedBytes = 0;
    }

    private void Grow()
    {
        var bigger = new FeedEntry[_ring.Length * 2];
        var firstPart = Math.Min(_count, _ring.Length - _head);
        Array.Copy(_ring, _head, bigger, 0, firstPart);
        Array.Copy(_ring, 0, bigger, firstPart, _count - firstPart);
        _ring = bigger;
        _head = 0;
    }
}
