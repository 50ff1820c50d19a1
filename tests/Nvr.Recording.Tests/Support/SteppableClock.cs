using Microsoft.Extensions.Time.Testing;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// A FakeTimeProvider whose wall clock can step (forwards or backwards) independently of its
/// monotonic clock, as CLOCK_REALTIME does when NTP or a person sets it. FakeTimeProvider alone
/// cannot go back and moves both clocks together.
/// </summary>
internal sealed class SteppableClock(DateTimeOffset start) : TimeProvider
{
    public FakeTimeProvider Inner { get; } = new(start);

    /// <summary>Added to the wall clock only.</summary>
    public TimeSpan WallOffset { get; set; }

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow() + WallOffset;
    public override long GetTimestamp() => Inner.GetTimestamp();
    public override long TimestampFrequency => Inner.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves both clocks forward.</summary>
    public void Advance(TimeSpan delta) => Inner.Advance(delta);

    /// <summary>Moves both clocks forward to monotonic time <paramref name="since"/> after the start (never back).</summary>
    public void AdvanceTo(DateTimeOffset start, TimeSpan since)
    {
        var target = start + since;
        if (target > Inner.GetUtcNow()) Inner.SetUtcNow(target);
    }
}
