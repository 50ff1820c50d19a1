using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer created (with its due time), so a test
/// can wait until the code under test is actually waiting before it advances the clock.
/// </summary>
internal sealed class SignallingTimeProvider : TimeProvider
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public Channel<TimeSpan> TimersCreated { get; } = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();
    public override long GetTimestamp() => Fake.GetTimestamp();
    public override long TimestampFrequency => Fake.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = Fake.CreateTimer(callback, state, dueTime, period);
        TimersCreated.Writer.TryWrite(dueTime);
        return t;
    }

    /// <summary>Waits (real-time deadline) for a timer with exactly <paramref name="dueTime"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await TimersCreated.Reader.ReadAsync(cts.Token) != dueTime) { }
    }
}
