namespace Nvr.Streaming;

/// <summary>
/// Frames and bytes per second over a sliding window of fixed buckets, keyed by
/// <see cref="TimeProvider.GetTimestamp"/> ticks counted from the first recorded unit. Rates use
/// complete buckets only, so a steady 25 fps reads exactly 25. Not thread-safe: the feed calls it
/// under its lock. No allocation after construction.
/// </summary>
internal sealed class FeedRateMeter
{
    private const int CompleteBuckets = 5;

    // One more slot than CompleteBuckets for the bucket being filled.
    private readonly long[] _bucketNumber = new long[CompleteBuckets + 1];
    private readonly long[] _frames = new long[CompleteBuckets + 1];
    private readonly long[] _bytes = new long[CompleteBuckets + 1];
    private readonly long _bucketTicks;
    private readonly double _bucketSeconds;
    private long _origin;
    private bool _started;

    public FeedRateMeter(TimeSpan window, long timestampFrequency)
    {
        _bucketTicks = Math.Max(1, (long)(window.TotalSeconds * timestampFrequency / CompleteBuckets));
        _bucketSeconds = (double)_bucketTicks / timestampFrequency;
        Array.Fill(_bucketNumber, -1);
    }

    public void Record(long timestamp, bool isFrame, int bytes)
    {
        if (!_started)
        {
            _origin = timestamp;
            _started = true;
        }
        var number = Math.Max(0, (timestamp - _origin) / _bucketTicks);
        var slot = (int)(number % _bucketNumber.Length);
        if (_bucketNumber[slot] != number)
        {
            _bucketNumber[slot] = number;
            _frames[slot] = 0;
            _bytes[slot] = 0;
        }
        if (isFrame) _frames[slot]++;
        _bytes[slot] += bytes;
    }

    public (double FramesPerSecond, double BitsPerSecond) Rates(long now)
    {
        if (!_started) return (0, 0);
        var current = Math.Max(0, (now - _origin) / _bucketTicks);
        var complete = (int)Math.Min(CompleteBuckets, current);
        if (complete == 0) return (0, 0);
        long frames = 0, bytes = 0;
        for (var i = 1; i <= complete; i++)
        {
            var number = current - i;
            var slot = (int)(number % _bucketNumber.Length);
            if (_bucketNumber[slot] != number) continue; // nothing published in that bucket
            frames += _frames[slot];
            bytes += _bytes[slot];
        }
        var seconds = complete * _bucketSeconds;
        return (frames / seconds, bytes * 8 / seconds);
    }
}
