namespace Nvr.Cameras;

/// <summary>Capped exponential backoff: <see cref="Initial"/>, doubling, at most <see cref="Max"/>.</summary>
public sealed class Backoff
{
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        Initial = initial;
        Max = max;
        _next = initial;
    }

    public TimeSpan Initial { get; }
    public TimeSpan Max { get; }

    public TimeSpan Next()
    {
        var d = _next;
        _next = TimeSpan.FromTicks(Math.Min(Max.Ticks, _next.Ticks * 2));
        return d;
    }

    public void Reset() => _next = Initial;
}
