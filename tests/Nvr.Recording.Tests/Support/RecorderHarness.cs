using Nvr.Media;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Recording.Time;
using Nvr.Streaming;
using Nvr.Streaming.Events;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// One StreamRecorder on a real Feed, a real index in a temp folder and a steppable fake clock,
/// driven in lockstep: <see cref="PublishAsync"/> returns once the recorder handled the unit.
/// </summary>
internal sealed class RecorderHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SemaphoreSlim _handled = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public RecorderHarness(string root, RecordingOptions? options = null, string camera = "cam1", string stream = "main",
        IFreeSpaceProvider? freeSpace = null, ISegmentFileSystem? files = null, FixedClockSyncState? clockSync = null,
        StorageState? storage = null, SteppableClock? clock = null, IndexDatabase? db = null)
    {
        Root = root;
        Options = options ?? Recording(root);
        Clock = clock ?? new SteppableClock(T0);
        Db = db ?? IndexDatabase.Open(Path.Combine(root, "nvr.db"), Clock);
        OwnsDb = db is null;
        Index = new RecordingIndex(Db);
        Bus = new EventBus();
        Events = Bus.Subscribe("test", 10_000);
        Feed = new Feed($"{camera}/{stream}", timeProvider: Clock);
        ClockSync = clockSync ?? new FixedClockSyncState(true);
        Storage = storage ?? new StorageState();
        Recorder = new StreamRecorder(camera, stream, Feed, Options, Index, Bus, Clock, ClockSync, Storage, freeSpace, files)
        {
            Handled = () => _handled.Release(),
        };
    }

    public string Root { get; }
    public RecordingOptions Options { get; }
    public SteppableClock Clock { get; }
    public IndexDatabase Db { get; }
    private bool OwnsDb { get; }
    public RecordingIndex Index { get; }
    public EventBus Bus { get; }
    public EventSubscription Events { get; }
    public Feed Feed { get; }
    public FixedClockSyncState ClockSync { get; }
    public StorageState Storage { get; }
    public StreamRecorder Recorder { get; }
    public string RecordingsDir => Options.RecordingsDir;

    public static RecordingOptions Recording(string root) => new()
    {
        RecordingsDir = Path.Combine(root, "recordings"),
        SegmentDuration = TimeSpan.FromSeconds(10),
        FragmentDuration = TimeSpan.FromSeconds(1),
        MinFreeBytes = 0,
        MinFreePercent = 0,
    };

    /// <summary>Starts the recorder and waits until it has attached its reader to the feed.</summary>
    public async Task StartAsync()
    {
        int readers = Feed.ReaderCount;
        _run = Recorder.RunAsync(_stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Feed.ReaderCount <= readers)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("recorder did not open its reader");
            if (_run.IsCompleted) await _run.ConfigureAwait(false);
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes a unit at monotonic time <paramref name="at"/> after T0 and waits until the recorder handled it.</summary>
    public async Task PublishAsync(TimeSpan at, MediaUnit unit, bool wait = true)
    {
        Clock.AdvanceTo(T0, at);
        if (!Feed.Publish(unit)) throw new InvalidOperationException("feed not online");
        if (wait) await WaitHandledAsync().ConfigureAwait(false);
    }

    public async Task PublishAllAsync(IEnumerable<(TimeSpan At, MediaUnit Unit)> units, TimeSpan offset = default)
    {
        foreach (var (at, unit) in units) await PublishAsync(at + offset, unit).ConfigureAwait(false);
    }

    /// <summary>Waits until the recorder has handled everything queued for it.</summary>
    public async Task WaitHandledAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Recorder.IsIdle)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _handled.WaitAsync(left).ConfigureAwait(false)) throw new TimeoutException("recorder did not handle the unit");
        }
    }

    public async Task OfflineAsync()
    {
        Feed.SetOffline();
        await WaitHandledAsync().ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null) await _run.ConfigureAwait(false);
        _run = null;
    }

    public List<NvrEvent> DrainEvents()
    {
        var list = new List<NvrEvent>();
        while (Events.Reader.TryRead(out var e)) list.Add(e);
        return list;
    }

    public IReadOnlyList<SegmentRecord> Segments(string camera = "cam1", string stream = "main") => Index.StreamSegments(camera, stream);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (OwnsDb) Db.Dispose();
        _stop.Dispose();
    }
}
