using Nvr.Media;

namespace Nvr.Streaming;

/// <summary>
/// The shared in-memory fan-out point of one camera stream (e.g. "front/main"): one publisher
/// (the camera's depacketizer) and any number of <see cref="FeedReader"/>s (recorder, RTSP,
/// RTMP/FLV, HLS, snapshot). Design, invariants and alternatives: <c>nvr/design/fanout.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Publishing.</b> <see cref="Publish"/> never waits for a reader: it appends the shared
/// <see cref="MediaUnit"/> (no copy) to each reader's bounded queue, and a reader that is too far
/// behind drops to resync on its own. Per unit and reader it costs one short uncontended lock and
/// one 24-byte queue slot; it allocates nothing in the steady state.
/// </para>
/// <para>
/// <b>Description.</b> <see cref="SetDescription"/> stores the stream's codec parameters under a
/// new, feed-assigned <see cref="StreamDescription.Version"/> (1, 2, …; the caller's version is
/// ignored). Every unit carries the description it was published under, so readers see the change
/// in order, on the first unit after it (<see cref="FeedReadResult.DescriptionChanged"/>). It also
/// empties the last-GOP cache: cached units belong to the old parameters.
/// </para>
/// <para>
/// <b>Last-GOP cache.</b> The units from the latest sync point on (a video keyframe; any unit on a
/// stream without video), bounded by <see cref="FeedOptions.GopCacheMaxUnits"/> and
/// <see cref="FeedOptions.GopCacheMaxBytes"/>; audio interleaved after the keyframe is kept. A GOP
/// that outgrows the bound invalidates the cache until the next keyframe (a cache holding only the
/// head of a GOP would hand a new reader a gap in the middle of it).
/// </para>
/// <para>
/// <b>Lifecycle.</b> A feed starts <see cref="FeedState.Offline"/>. <see cref="SetDescription"/>
/// starts a run (<see cref="FeedState.Online"/>); <see cref="SetOffline"/> ends it (camera lost):
/// readers get <see cref="FeedReadStatus.Offline"/> in order and stay attached for the next run,
/// which begins with a new description version and, for each reader, at a keyframe.
/// <see cref="Complete"/> is terminal (feed removed, shutdown): readers drain their queue and then
/// read <see cref="FeedReadStatus.Completed"/>. <see cref="Publish"/> returns false while the feed
/// is not online, so a supervisor racing a shutdown does not have to catch anything.
/// </para>
/// <para>
/// <b>Threading.</b> Every member is thread-safe. Units must come from one publisher at a time
/// (their order is the order of <see cref="Publish"/> calls); readers may be opened and disposed
/// concurrently with publishing. The feed lock is held only for bounded, non-blocking work (the
/// fan-out, opening a reader from the cache) and never across an await.
/// </para>
/// </remarks>
public sealed class Feed
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly FeedRateMeter _rates;

    private FeedReader[] _readers = new FeedReader[4];
    private int _readerCount;

    private FeedState _state;
    private StreamDescription? _description;
    private int _videoTrackId = -1;
    private int _version;
    private int _run;
    private TaskCompletionSource<bool> _online = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FeedEntry[] _gop = new FeedEntry[16];
    private int _gopCount;
    private long _gopBytes;
    private bool _gopValid;

    private long _publishedUnits;
    private long _publishedBytes;
    private DateTimeOffset? _lastKeyframeAt;

    public Feed(string name, FeedOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= FeedOptions.Default;
        options.Validate();
        Name = name;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _rates = new FeedRateMeter(options.RateWindow, _time.TimestampFrequency);
    }

    /// <summary>Registry path of the feed, e.g. "front/main".</summary>
    public string Name { get; }

    public FeedOptions Options { get; }

    public FeedState State
    {
        get { lock (_lock) return _state; }
    }

    /// <summary>The current (or, while offline, the last) description with its feed-assigned version; null before the first.</summary>
    public StreamDescription? Description => Volatile.Read(ref _description);

    public int ReaderCount => Volatile.Read(ref _readerCount);

    /// <summary>
    /// Sets the stream's codec parameters under a new version and starts a run if the feed was
    /// offline. Returns false (and does nothing) once the feed is completed.
    /// </summary>
    public bool SetDescription(StreamDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var videoTrackId = -1;
        foreach (var track in description.Tracks)
        {
            if (track.Kind == TrackKind.Video)
            {
                videoTrackId = track.Id;
                break;
            }
        }
        lock (_lock)
        {
            if (_state == FeedState.Completed) return false;
            _version++;
            Volatile.Write(ref _description, description with { Version = _version });
            _videoTrackId = videoTrackId;
            ClearGop(valid: false);
            if (_state == FeedState.Offline)
            {
                _state = FeedState.Online;
                _run++;
                _online.TrySetResult(true);
            }
        }
        return true;
    }

    /// <summary>
    /// Hands <paramref name="unit"/> to every reader and to the last-GOP cache. Never blocks on a
    /// reader. Returns false (unit ignored) when the feed is not <see cref="FeedState.Online"/>.
    /// </summary>
    public bool Publish(MediaUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_state != FeedState.Online) return false;
            var hasVideo = _videoTrackId >= 0;
            var isVideo = hasVideo && unit.TrackId == _videoTrackId;
            var isSync = unit.IsKeyframe && (isVideo || !hasVideo);
            var flags = (isVideo ? FeedEntryFlags.Video : FeedEntryFlags.None) | (isSync ? FeedEntryFlags.SyncPoint : FeedEntryFlags.None);
            var entry = new FeedEntry(unit, _description, flags);
            var bytes = unit.Payload.Length;

            _publishedUnits++;
            _publishedBytes += bytes;
            _rates.Record(now, isVideo || !hasVideo, bytes);
            if (isSync) _lastKeyframeAt = _time.GetUtcNow();
            CacheGop(in entry, isSync, bytes);

            var readers = _readers;
            for (var i = 0; i < _readerCount; i++) readers[i].Offer(in entry);
        }
        return true;
    }

    /// <summary>Ends the current run (camera offline). No-op unless online.</summary>
    public void SetOffline()
    {
        lock (_lock)
        {
            if (_state != FeedState.Online) return;
            _state = FeedState.Offline;
            ClearGop(valid: false);
            _online = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            for (var i = 0; i < _readerCount; i++) _readers[i].OfferOffline();
        }
    }

    /// <summary>Ends the feed for good: readers see <see cref="FeedReadStatus.Completed"/> after their queue. Idempotent.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_state == FeedState.Completed) return;
            _state = FeedState.Completed;
            ClearGop(valid: false);
            _online.TrySetResult(false);
            for (var i = 0; i < _readerCount; i++) _readers[i].OnFeedCompleted();
            Array.Clear(_readers);
            Volatile.Write(ref _readerCount, 0);
        }
    }

    /// <summary>
    /// Opens a reader. It starts per <see cref="FeedReaderOptions.StartMode"/>; on an offline feed
    /// it waits for the next run, on a completed feed it reads <see cref="FeedReadStatus.Completed"/>.
    /// Dispose it to detach.
    /// </summary>
    public FeedReader OpenReader(FeedReaderOptions? options = null)
    {
        options ??= FeedReaderOptions.Default;
        options.Validate();
        var reader = new FeedReader(this, options);
        lock (_lock)
        {
            if (_state == FeedState.Completed)
            {
                reader.OnFeedCompleted();
                return reader;
            }
            var gop = _state == FeedState.Online && _gopValid ? _gop.AsSpan(0, _gopCount) : default;
            reader.Begin(gop, _gopBytes);
            if (_readerCount == _readers.Length) Array.Resize(ref _readers, _readers.Length * 2);
            _readers[_readerCount] = reader;
            Volatile.Write(ref _readerCount, _readerCount + 1);
        }
        return reader;
    }

    /// <summary>
    /// Completes with true when the feed is (or becomes) online, false when it is (or becomes)
    /// completed. Throws <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public Task<bool> WaitForOnlineAsync(CancellationToken cancellationToken = default)
    {
        Task<bool> task;
        lock (_lock)
        {
            if (_state == FeedState.Online) return Task.FromResult(true);
            if (_state == FeedState.Completed) return Task.FromResult(false);
            task = _online.Task;
        }
        return cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
    }

    public FeedStatistics GetStatistics()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var (fps, bps) = _rates.Rates(now);
            return new FeedStatistics
            {
                State = _state,
                Run = _run,
                DescriptionVersion = _version,
                PublishedUnits = _publishedUnits,
                PublishedBytes = _publishedBytes,
                FramesPerSecond = fps,
                BitsPerSecond = bps,
                LastKeyframeAt = _lastKeyframeAt,
                ReaderCount = _readerCount,
                GopCacheUnits = _gopValid ? _gopCount : 0,
                GopCacheBytes = _gopValid ? _gopBytes : 0,
            };
        }
    }

    public override string ToString() => $"Feed({Name})";

    internal void RemoveReader(FeedReader reader)
    {
        lock (_lock)
        {
            for (var i = 0; i < _readerCount; i++)
            {
                if (!ReferenceEquals(_readers[i], reader)) continue;
                var last = _readerCount - 1;
                _readers[i] = _readers[last]; // order of readers does not matter
                _readers[last] = null!;
                Volatile.Write(ref _readerCount, last);
                return;
            }
        }
    }

    private void CacheGop(in FeedEntry entry, bool isSync, int bytes)
    {
        if (isSync) ClearGop(valid: true);
        else if (!_gopValid) return;

        if (_gopCount + 1 > Options.GopCacheMaxUnits || _gopBytes + bytes > Options.GopCacheMaxBytes)
        {
            ClearGop(valid: false); // the GOP outgrew the bound: no fast start until the next keyframe
            return;
        }
        if (_gopCount == _gop.Length) Array.Resize(ref _gop, _gop.Length * 2);
        _gop[_gopCount++] = entry;
        _gopBytes += bytes;
    }

    private void ClearGop(bool valid)
    {
        Array.Clear(_gop, 0, _gopCount);
        _gopCount = 0;
        _gopBytes = 0;
        _gopValid = valid;
    }
}
