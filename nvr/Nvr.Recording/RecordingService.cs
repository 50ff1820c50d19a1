using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Recording.Time;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Recording;

/// <summary>
/// Continuous recording of every camera stream, for the executable to host: recovery first, then
/// retention and one <see cref="StreamRecorder"/> per added stream until cancelled. Streams may
/// be added and removed while it runs; recording can be switched per camera
/// (<see cref="SetRecording"/>, for config, <c>POST /api/cameras/{id}/recording</c> and MQTT).
/// </summary>
public sealed class RecordingService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Camera, string Stream), Entry> _streams = [];
    private readonly Dictionary<string, bool> _enabled = new(StringComparer.Ordinal);
    private readonly RecordingOptions _options;
    private readonly EventBus? _events;
    private readonly TimeProvider _time;
    private readonly IClockSyncState _clock;
    private readonly IFreeSpaceProvider? _freeSpace;
    private readonly ISegmentFileSystem _files;
    private CancellationToken _running;
    private bool _started;

    private sealed record Entry(StreamRecorder Recorder, CancellationTokenSource Stop)
    {
        public Task? Task { get; set; }
    }

    public RecordingService(RecordingOptions options, IndexDatabase database, EventBus? events = null, TimeProvider? time = null,
        IClockSyncState? clock = null, IFreeSpaceProvider? freeSpace = null, ISegmentFileSystem? files = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _events = events;
        _time = time ?? TimeProvider.System;
        _clock = clock ?? AdjtimexClockSyncState.Instance;
        _freeSpace = freeSpace ?? DriveFreeSpaceProvider.Instance;
        _files = files ?? SegmentFileSystem.Instance;
        Index = new RecordingIndex(database);
        Storage = new StorageState();
        Retention = new RetentionService(options, Index, events, _time, _freeSpace, Storage, _files);
    }

    public RecordingIndex Index { get; }
    public RetentionService Retention { get; }
    public StorageState Storage { get; }

    /// <summary>What recovery did at the start of <see cref="RunAsync"/> (null before it finished).</summary>
    public RecoveryReport? Recovery { get; private set; }

    /// <summary>Recovery, then retention and the stream recorders, until cancelled; closes every file on the way out.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.RecordingsDir);
        Recovery = await new RecoveryScanner(Index, _options.RecordingsDir, _files).RunAsync(cancellationToken).ConfigureAwait(false);
        var retention = Retention.RunAsync(cancellationToken);
        lock (_gate)
        {
            _running = cancellationToken;
            _started = true;
            foreach (var e in _streams.Values) Start(e);
        }
        try
        {
            await retention.ConfigureAwait(false);
        }
        finally
        {
            Task[] tasks;
            lock (_gate)
            {
                _started = false;
                tasks = _streams.Values.Select(e => e.Task).OfType<Task>().ToArray();
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records <paramref name="feed"/> as <paramref name="camera"/>/<paramref name="stream"/> ("main"/"sub").
    /// Starts at once when the service runs, else when it starts. <paramref name="enabled"/> seeds the
    /// camera's switch the first time the camera is seen.
    /// </summary>
    public StreamRecorder AddStream(string camera, string stream, Feed feed, bool enabled = true)
    {
        lock (_gate)
        {
            if (_streams.ContainsKey((camera, stream))) throw new InvalidOperationException($"{camera}/{stream} is already recorded");
            if (!_enabled.TryGetValue(camera, out var on)) _enabled[camera] = on = enabled;
            var recorder = new StreamRecorder(camera, stream, feed, _options, Index, _events, _time, _clock, Storage, _freeSpace, _files, on);
            var entry = new Entry(recorder, new CancellationTokenSource());
            _streams[(camera, stream)] = entry;
            if (_started) Start(entry);
            return recorder;
        }
    }

    /// <summary>Stops recording a stream (closing its file) and waits for its recorder to finish.</summary>
    public async Task RemoveStreamAsync(string camera, string stream)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_streams.Remove((camera, stream), out entry)) return;
        }
        await entry.Stop.CancelAsync().ConfigureAwait(false);
        if (entry.Task is { } t) await t.ConfigureAwait(false);
        entry.Stop.Dispose();
    }

    /// <summary>
    /// Switches recording of every stream of <paramref name="camera"/>; publishes
    /// <see cref="RecordingChanged"/> when the state changes and <paramref name="announce"/> is set
    /// (clear it when the caller announces, e.g. the executable's RecordingSwitch). Returns false
    /// for an unknown camera.
    /// </summary>
    public bool SetRecording(string camera, bool enabled, string reason = "api", bool announce = true)
    {
        StreamRecorder[] recorders;
        bool changed;
        lock (_gate)
        {
            recorders = _streams.Where(kv => kv.Key.Camera == camera).Select(kv => kv.Value.Recorder).ToArray();
            if (recorders.Length == 0 && !_enabled.ContainsKey(camera)) return false;
            changed = !_enabled.TryGetValue(camera, out var was) || was != enabled;
            _enabled[camera] = enabled;
        }
        foreach (var r in recorders) r.SetEnabled(enabled);
        if (changed && announce) _events?.Publish(new RecordingChanged(_time.GetUtcNow(), camera, enabled, reason));
        return true;
    }

    /// <summary>The camera's switch; null for an unknown camera.</summary>
    public bool? IsRecording(string camera)
    {
        lock (_gate) return _enabled.TryGetValue(camera, out var on) ? on : null;
    }

    public IReadOnlyList<StreamRecorderStatus> GetStatus()
    {
        lock (_gate) return _streams.Values.Select(e => e.Recorder.GetStatus()).OrderBy(s => s.Camera, StringComparer.Ordinal).ThenBy(s => s.Stream, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>GET /api/recordings</c>.</summary>
    public RecordingTimeline GetRecordings(string camera, string? stream, DateTime from, DateTime to) => Index.GetRecordings(camera, stream, from, to);

    /// <summary><c>GET /api/storage</c>, with the volume's current free space and floor.</summary>
    public StorageReport GetStorage()
    {
        FreeSpace? space = null;
        long floor = _options.MinFreeBytes;
        if (_freeSpace is not null)
        {
            try
            {
                space = _freeSpace.GetFreeSpace(_options.RecordingsDir);
                floor = space.Value.Floor(_options.MinFreeBytes, _options.MinFreePercent);
            }
            catch (IOException)
            {
            }
        }
        return Index.GetStorage(space, floor);
    }

    private void Start(Entry entry)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(_running, entry.Stop.Token);
        entry.Task = RunRecorderAsync(entry.Recorder, linked);
    }

    /// <summary>Runs one recorder; an unexpected failure restarts it with capped exponential backoff (1 s … 30 s).</summary>
    private async Task RunRecorderAsync(StreamRecorder recorder, CancellationTokenSource linked)
    {
        using (linked)
        {
            await Task.Yield();
            var backoff = TimeSpan.FromSeconds(1);
            while (!linked.IsCancellationRequested)
            {
                try
                {
                    await recorder.RunAsync(linked.Token).ConfigureAwait(false);
                    return; // cancelled, or the feed completed
                }
                catch (Exception e) when (e is not OperationCanceledException && !linked.IsCancellationRequested)
                {
                    recorder.ReportFailure(e);
                    try
                    {
                        await Task.Delay(backoff, _time, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
    }
}
