using Nvr.Media;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Recording.Time;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Recording;

/// <summary>
/// Records one camera stream (a <see cref="Feed"/>) into segment files and index rows: the
/// recorder of nvr/design/storage.md ("Write procedure") with the time rules of nvr/design/time.md.
/// It is a feed reader with a large budget and <see cref="FeedOverflowPolicy.KeepQueued"/>.
/// </summary>
/// <remarks>
/// <para>Lifetime: <see cref="RunAsync"/> runs until cancelled or until the feed completes; on the
/// way out it closes the open file (final fragment, fsync, final row). Run recovery
/// (<see cref="RecoveryScanner"/>) before the first recorder starts: the recorder takes the
/// stream's high-water mark (the end of its newest row) from the index.</para>
/// <para>Threading: the loop owns the writer and the file. <see cref="SetEnabled"/> and
/// <see cref="GetStatus"/> may be called from any thread.</para>
/// </remarks>
public sealed partial class StreamRecorder
{
    private readonly Feed _feed;
    private readonly RecordingOptions _options;
    private readonly RecordingIndex _index;
    private readonly EventBus? _events;
    private readonly TimeProvider _time;
    private readonly IClockSyncState _clock;
    private readonly StorageState _storage;
    private readonly IFreeSpaceProvider? _freeSpace;
    private readonly ISegmentFileSystem _files;
    private readonly Lock _gate = new();

    private volatile bool _enabled;
    private CancellationTokenSource? _wake;
    private TaskCompletionSource _stateChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FeedReader? _reader;

    // Status (written by the loop under _gate, read by GetStatus).
    private bool _paused;
    private string? _pauseReason;
    private string? _lastError;
    private long _segmentsWritten, _bytesWritten, _unitsSkipped, _writeErrors, _indexErrors;

    public StreamRecorder(
        string camera,
        string stream,
        Feed feed,
        RecordingOptions options,
        RecordingIndex index,
        EventBus? events = null,
        TimeProvider? time = null,
        IClockSyncState? clock = null,
        StorageState? storage = null,
        IFreeSpaceProvider? freeSpace = null,
        ISegmentFileSystem? files = null,
        bool enabled = true)
    {
        if (!SegmentPath.IsValidName(camera)) throw new ArgumentException($"invalid camera id '{camera}'", nameof(camera));
        if (!SegmentPath.IsValidName(stream)) throw new ArgumentException($"invalid stream name '{stream}'", nameof(stream));
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        options.Validate();
        Camera = camera;
        Stream = stream;
        _feed = feed;
        _options = options;
        _index = index;
        _events = events;
        _time = time ?? TimeProvider.System;
        _clock = clock ?? AdjtimexClockSyncState.Instance;
        _storage = storage ?? new StorageState();
        _freeSpace = freeSpace;
        _files = files ?? SegmentFileSystem.Instance;
        _enabled = enabled;
        _syncInterval = _options.SyncInterval.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        _indexInterval = _options.IndexUpdateInterval.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
    }

    /// <summary>Test hook: called on the loop after each unit or notice was handled.</summary>
    internal Action? Handled { get; set; }

    private bool _waitingForRetry;

    /// <summary>Test hook: paused and waiting for the next resume check (its timer is armed).</summary>
    internal bool IsWaitingForRetry => Volatile.Read(ref _waitingForRetry);

    private long _dequeued;
    private long _handledCount;

    /// <summary>Test hook: nothing queued for the recorder and nothing in its hands.</summary>
    internal bool IsIdle
    {
        get
        {
            var reader = Volatile.Read(ref _reader);
            long queued = 0;
            try
            {
                queued = reader?.GetStatistics().QueuedUnits ?? 0;
            }
            catch (ObjectDisposedException)
            {
            }
            return queued == 0 && Interlocked.Read(ref _dequeued) == Interlocked.Read(ref _handledCount);
        }
    }

    public string Camera { get; }
    public string Stream { get; }
    public bool Enabled => _enabled;

    /// <summary>Switches recording on or off at runtime. Off closes the open file at once (final row); on resumes at the next keyframe.</summary>
    public void SetEnabled(bool enabled)
    {
        if (_enabled == enabled) return;
        _enabled = enabled;
        Wake();
    }

    public StreamRecorderStatus GetStatus()
    {
        lock (_gate)
        {
            return new StreamRecorderStatus(Camera, Stream, _enabled, _paused, _pauseReason, _file?.Id, _file?.Start,
                _segmentsWritten, _bytesWritten, _unitsSkipped, _writeErrors, _indexErrors, _lastError);
        }
    }

    /// <summary>Notes a failure that ended <see cref="RunAsync"/> (the owner restarts it).</summary>
    internal void ReportFailure(Exception e)
    {
        lock (_gate) _lastError = $"{e.GetType().Name}: {e.Message}";
    }

    /// <summary>Records until <paramref name="cancellationToken"/> is cancelled or the feed completes.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _highWater = _index.Last(Camera, Stream)?.EndTicks ?? 0;
        _previous = _index.Last(Camera, Stream);
        _storage.PausedChanged += OnStoragePausedChanged;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!_enabled)
                {
                    Stop(SegmentStartReason.RecordingDisabled);
                    await WaitForStateChangeAsync(null, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (_paused || _storage.IsPaused)
                {
                    if (!_paused) Pause(SegmentStartReason.DiskFull, "disk_full", $"free-space floor cannot be met: {_storage.PauseReason}");
                    Stop(null);
                    await WaitForStateChangeAsync(_options.ResumeCheckInterval, cancellationToken).ConfigureAwait(false);
                    TryResume();
                    continue;
                }
                _reader ??= _feed.OpenReader(new FeedReaderOptions
                {
                    MaxUnits = _options.ReaderMaxUnits,
                    MaxBytes = _options.ReaderMaxBytes,
                    OverflowPolicy = FeedOverflowPolicy.KeepQueued,
                    StartMode = FeedStartMode.GopCache,
                    Name = "recorder",
                });
                var wake = WakeToken(cancellationToken);
                FeedReadResult result;
                try
                {
                    result = await _reader.ReadAsync(wake).ConfigureAwait(false);
                    Interlocked.Increment(ref _dequeued);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // switched off or paused: re-evaluate
                }
                try
                {
                    if (result.Status == FeedReadStatus.Completed) break;
                    Handle(result);
                }
                finally
                {
                    Interlocked.Increment(ref _handledCount);
                    Handled?.Invoke();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _storage.PausedChanged -= OnStoragePausedChanged;
            Stop(null);
        }
    }

    /// <summary>Ends the run (closing the file) and detaches from the feed.</summary>
    private void Stop(SegmentStartReason? nextReason)
    {
        EndRun(nextReason);
        _reader?.Dispose();
        _reader = null;
    }

    private void Pause(SegmentStartReason nextReason, string reason, string message)
    {
        lock (_gate)
        {
            if (_paused) return;
            _paused = true;
            _pauseReason = reason;
            _lastError = message;
        }
        _nextReason = nextReason;
        _events?.Publish(new RecordingPaused(_time.GetUtcNow(), Camera, Stream, true, reason, message));
        _storage.RequestRetention();
    }

    private void TryResume()
    {
        if (_storage.IsPaused) return;
        if (_freeSpace is not null)
        {
            try
            {
                var space = _freeSpace.GetFreeSpace(_options.RecordingsDir);
                if (space.FreeBytes < space.Floor(_options.MinFreeBytes, _options.MinFreePercent))
                {
                    _storage.RequestRetention();
                    return;
                }
            }
            catch (IOException)
            {
                return;
            }
        }
        string? reason;
        lock (_gate)
        {
            if (!_paused) return;
            reason = _pauseReason;
            _paused = false;
            _pauseReason = null;
        }
        _events?.Publish(new RecordingPaused(_time.GetUtcNow(), Camera, Stream, false, reason ?? "", "recording resumed"));
    }

    private void OnStoragePausedChanged(bool paused) => Wake();

    private void Wake()
    {
        CancellationTokenSource? wake;
        TaskCompletionSource changed;
        lock (_gate)
        {
            wake = _wake;
            _wake = null;
            changed = _stateChanged;
            _stateChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        try
        {
            wake?.Cancel();
            wake?.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private CancellationToken WakeToken(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _wake ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return _wake.Token;
        }
    }

    private async Task WaitForStateChangeAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate) changed = _stateChanged.Task;
        if (timeout is { } t)
        {
            var delay = Task.Delay(t, _time, cancellationToken);
            Volatile.Write(ref _waitingForRetry, true);
            try
            {
                await Task.WhenAny(changed, delay).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _waitingForRetry, false);
            }
        }
        else
        {
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void CountSkipped()
    {
        lock (_gate) _unitsSkipped++;
    }

    private static bool IsRecordable(TrackDescription t) =>
        t.Codec is MediaCodec.H264 or MediaCodec.H265 or MediaCodec.Aac or MediaCodec.Pcma or MediaCodec.Pcmu && t.IsComplete;
}
