namespace Nvr.Recording.Storage;

/// <summary>
/// Whether recorders may write, shared by <see cref="RetentionService"/> (which pauses recording
/// when the free-space floor cannot be met) and the <see cref="StreamRecorder"/>s (which ask it
/// before opening a file and ask for retention when they hit a full disk). Thread-safe.
/// </summary>
public sealed class StorageState
{
    private readonly Lock _gate = new();
    private string? _pauseReason;
    private Action? _retentionTrigger;
    private long _headroom;

    /// <summary>Why writing is paused, or null when it is not.</summary>
    public string? PauseReason
    {
        get { lock (_gate) return _pauseReason; }
    }

    public bool IsPaused => PauseReason is not null;

    /// <summary>
    /// Bytes retention keeps free above the floor: one segment's expected size for every stream
    /// being recorded (storage.md, "Retention rules" 3). A recorder opening a file with less than
    /// floor + headroom free asks for retention at once.
    /// </summary>
    public long Headroom
    {
        get => Interlocked.Read(ref _headroom);
        set => Interlocked.Exchange(ref _headroom, Math.Max(0, value));
    }

    /// <summary>Raised (outside the lock) when the pause state changes.</summary>
    public event Action<bool>? PausedChanged;

    public void Pause(string reason)
    {
        bool changed;
        lock (_gate)
        {
            changed = _pauseReason is null;
            _pauseReason = reason;
        }
        if (changed) PausedChanged?.Invoke(true);
    }

    public void Resume()
    {
        bool changed;
        lock (_gate)
        {
            changed = _pauseReason is not null;
            _pauseReason = null;
        }
        if (changed) PausedChanged?.Invoke(false);
    }

    /// <summary>Asks retention to run now (a recorder saw low space or ENOSPC). No-op before retention registers.</summary>
    public void RequestRetention()
    {
        Action? trigger;
        lock (_gate) trigger = _retentionTrigger;
        trigger?.Invoke();
    }

    internal void SetRetentionTrigger(Action? trigger)
    {
        lock (_gate) _retentionTrigger = trigger;
    }
}
