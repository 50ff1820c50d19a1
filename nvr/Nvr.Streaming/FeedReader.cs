using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Nvr.Streaming;

/// <summary>
/// One consumer of a <see cref="Feed"/> (a network session, the recorder, the HLS muxer), opened
/// with <see cref="Feed.OpenReader"/>. It owns a bounded queue (unit cap and byte cap) of the
/// feed's shared units; the publisher only appends to it and never waits for it.
/// </summary>
/// <remarks>
/// <para>
/// On overflow the reader goes to <b>resync</b>: depending on <see cref="FeedReaderOptions.OverflowPolicy"/>
/// it discards its queue or keeps it, then drops every unit until a keyframe arrives while the
/// queue is at or below the low-water mark; that keyframe is delivered with
/// <see cref="FeedReadResult.Discontinuity"/>. Dropped units, their bytes and resync events are
/// counted (<see cref="GetStatistics"/>, <see cref="TakeDropsSinceLastReport"/>); logging them is
/// the owner's job, at most once per interval.
/// </para>
/// <para>
/// Threading: one consumer reads (<see cref="ReadAsync"/>, or <see cref="WaitToReadAsync"/> +
/// <see cref="TryRead"/>); at most one wait may be pending. Statistics and <see cref="Dispose"/>
/// may be called from any thread. A pending wait completes on the thread pool, never inline on
/// the publisher's thread. <see cref="Dispose"/> detaches the reader from the feed; a pending
/// wait then completes (<see cref="WaitToReadAsync"/> returns false, <see cref="ReadAsync"/>
/// throws <see cref="ObjectDisposedException"/>).
/// </para>
/// <para>
/// Lifecycle: <see cref="FeedReadStatus.Offline"/> is queued in order when the run ends; the
/// reader stays attached and continues with the next run (new description, starting at a
/// keyframe). <see cref="FeedReadStatus.Completed"/> follows the last queued unit once the feed is
/// completed and is returned by every read after that.
/// </para>
/// </remarks>
public sealed partial class FeedReader : IDisposable, IValueTaskSource<bool>
{
    private readonly Feed _feed;
    private readonly Lock _gate = new();

    // Pending-wait machinery. _waiterArmed is only changed under _gate; whoever clears it owns
    // completing _core. _cancelRegistration and _core.Reset are only touched by the consumer.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _waiterArmed;
    private CancellationToken _waitToken;
    private CancellationTokenRegistration _cancelRegistration;

    private bool _disposed;
    private bool _completed;

    internal FeedReader(Feed feed, FeedReaderOptions options)
    {
        _feed = feed;
        Options = options;
        _maxUnits = options.MaxUnits;
        _maxBytes = options.MaxBytes;
        _lowUnits = options.LowWaterUnits;
        _lowBytes = options.LowWaterBytes;
        _policy = options.OverflowPolicy;
        _tracks = options.Tracks;
        _startMode = options.StartMode;
        _ring = new FeedEntry[Math.Min(InitialCapacity, options.MaxUnits + 1)];
    }

    public Feed Feed => _feed;

    public FeedReaderOptions Options { get; }

    /// <summary>
    /// Next unit or notice. Completes synchronously when something is queued. Throws
    /// <see cref="OperationCanceledException"/> on cancellation and
    /// <see cref="ObjectDisposedException"/> when the reader is (or gets) disposed.
    /// </summary>
    public ValueTask<FeedReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (TryRead(out var result)) return new ValueTask<FeedReadResult>(result);
        return ReadSlowAsync(cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FeedReadResult> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ObjectDisposedException(nameof(FeedReader));
            }
            // A resync may have emptied the queue between the wake-up and this read: wait again.
            if (TryRead(out var result)) return result;
        }
    }

    /// <summary>
    /// Completes with true when <see cref="TryRead"/> will return something (a unit, a notice or
    /// <see cref="FeedReadStatus.Completed"/>), false once the reader is disposed.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        // A wait whose result was never consumed may leave a registration behind; drop it so a
        // late callback cannot cancel this new wait.
        var stale = _cancelRegistration;
        _cancelRegistration = default;
        stale.Dispose();

        lock (_gate)
        {
            if (_disposed) return new ValueTask<bool>(false);
            if (_count > 0 || _completed) return new ValueTask<bool>(true);
            if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<bool>(cancellationToken);
            if (_waiterArmed) throw new InvalidOperationException("A read is already pending on this FeedReader.");
            _core.Reset();
            _waiterArmed = true;
            _waitToken = cancellationToken;
        }
        if (cancellationToken.CanBeCanceled)
        {
            _cancelRegistration = cancellationToken.UnsafeRegister(static state => ((FeedReader)state!).CancelWait(), this);
        }
        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>Takes the next unit or notice if one is queued; never waits.</summary>
    public bool TryRead(out FeedReadResult result)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_count == 0)
            {
                result = _completed ? FeedReadResult.Completed : default;
                return _completed;
            }
            result = Dequeue();
            return true;
        }
    }

    public FeedReaderStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new FeedReaderStatistics
            {
                DeliveredUnits = _deliveredUnits,
                DeliveredBytes = _deliveredBytes,
                DroppedUnits = _droppedUnits,
                DroppedBytes = _droppedBytes,
                Resyncs = _resyncs,
                QueuedUnits = _queuedUnits,
                QueuedBytes = _queuedBytes,
                IsResyncing = _mode == Mode.Resync,
            };
        }
    }

    /// <summary>
    /// Drops since the previous call (or since the reader was opened). Cheap: call it from a
    /// periodic report and log only when the result is not empty.
    /// </summary>
    public FeedDropReport TakeDropsSinceLastReport()
    {
        lock (_gate)
        {
            var report = new FeedDropReport(_droppedUnits - _reportedUnits, _droppedBytes - _reportedBytes, _resyncs - _reportedResyncs);
            _reportedUnits = _droppedUnits;
            _reportedBytes = _droppedBytes;
            _reportedResyncs = _resyncs;
            return report;
        }
    }

    /// <summary>Detaches from the feed and releases the queued units. Idempotent.</summary>
    public void Dispose()
    {
        _feed.RemoveReader(this);
        bool wake;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            ClearQueue();
            wake = TakeWaiter();
        }
        if (wake) _core.SetResult(false);
    }

    public override string ToString() => $"FeedReader({_feed.Name}{(Options.Name is null ? "" : ", " + Options.Name)})";

    /// <summary>Called by the feed (under its lock) when the feed completes.</summary>
    internal void OnFeedCompleted()
    {
        bool wake;
        lock (_gate)
        {
            if (_disposed || _completed) return;
            _completed = true;
            wake = TakeWaiter();
        }
        if (wake) _core.SetResult(true);
    }

    private void CancelWait()
    {
        CancellationToken token;
        lock (_gate)
        {
            if (!_waiterArmed) return; // already woken or disposed
            _waiterArmed = false;
            token = _waitToken;
        }
        _core.SetException(new OperationCanceledException(token));
    }

    /// <summary>Under <see cref="_gate"/>: claims the pending wait, if any, for completion outside the lock.</summary>
    private bool TakeWaiter()
    {
        if (!_waiterArmed) return false;
        _waiterArmed = false;
        _waitToken = default;
        return true;
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        // Dispose waits for a running cancel callback; that callback never waits for us.
        var registration = _cancelRegistration;
        _cancelRegistration = default;
        registration.Dispose();
        return _core.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
