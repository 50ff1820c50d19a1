namespace Nvr.Cameras;

/// <summary>
/// What an ingest run tells its supervisor: progress (resets the stall watchdog) and media
/// (the first unit makes the stream online). Both are cheap enough for every packet.
/// </summary>
public sealed class IngestContext
{
    private readonly TimeProvider _time;
    private readonly Action _online;
    private long _lastProgress;
    private int _online1;

    internal IngestContext(TimeProvider time, Action online)
    {
        _time = time;
        _online = online;
        _lastProgress = time.GetTimestamp();
    }

    internal long LastProgress => Volatile.Read(ref _lastProgress);
    internal bool WentOnline => Volatile.Read(ref _online1) != 0;
    internal long OnlineSince { get; private set; }

    /// <summary>The camera answered a request (or anything else that shows it is alive).</summary>
    public void ReportProgress() => Volatile.Write(ref _lastProgress, _time.GetTimestamp());

    /// <summary>A media packet or unit arrived; the first one marks the stream online.</summary>
    public void ReportMedia()
    {
        Volatile.Write(ref _lastProgress, _time.GetTimestamp());
        if (_online1 == 0 && Interlocked.Exchange(ref _online1, 1) == 0)
        {
            OnlineSince = _time.GetTimestamp();
            _online();
        }
    }
}
