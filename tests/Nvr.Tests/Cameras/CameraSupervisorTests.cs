using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nvr.Cameras;
using Nvr.Streaming.Events;

namespace Nvr.Tests.Cameras;

public sealed class CameraSupervisorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>An ingest whose every run is scripted by the test; each start is announced.</summary>
    private sealed class ScriptedIngest(Func<int, IngestContext, CancellationToken, Task> run) : IStreamIngest
    {
        private int _runs;
        public Channel<int> Starts { get; } = Channel.CreateUnbounded<int>();

        public Task RunAsync(IngestContext context, CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _runs);
            Starts.Writer.TryWrite(n);
            return run(n, context, cancellationToken);
        }
    }

    private static async Task<T> Within<T>(Task<T> task)
    {
        var done = await Task.WhenAny(task, Task.Delay(Deadline));
        Assert.True(done == task, "timed out waiting");
        return await task;
    }

    /// <summary>Waits until the supervisor has scheduled its next attempt and returns the delay it chose.</summary>
    private static async Task<TimeSpan> NextDelay(CameraSupervisor s, FakeTimeProvider time)
    {
        var until = DateTime.UtcNow + Deadline;
        while (s.Status.NextAttempt is null)
        {
            Assert.True(DateTime.UtcNow < until, "supervisor did not schedule a retry");
            await Task.Delay(1);
        }
        return s.Status.NextAttempt.Value - time.GetUtcNow();
    }

    private static (CameraSupervisor, EventSubscription, FakeTimeProvider) Create(IStreamIngest ingest)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero));
        var bus = new EventBus();
        var events = bus.Subscribe("test");
        return (new CameraSupervisor("cam", "main", ingest, bus, time, NullLogger.Instance), events, time);
    }

    public static TheoryData<string, double[]> BackoffTracks => new()
    {
        // 0.5 s doubling, capped at 1 s while nothing listens.
        { "unreachable", [0.5, 1, 1, 1, 1] },
        // 0.5 s doubling to 10 s.
        { "closed", [0.5, 1, 2, 4, 8, 10, 10] },
        // Wrong credentials: 2 s doubling to 60 s, never hammering the camera.
        { "unauthorized", [2, 4, 8, 16, 32, 60, 60] },
    };

    [Theory]
    [MemberData(nameof(BackoffTracks))]
    public async Task Retries_are_spaced_by_the_backoff_of_their_failure_kind(string kind, double[] expectedSeconds)
    {
        Exception Failure() => kind switch
        {
            "unreachable" => new SocketException((int)SocketError.ConnectionRefused),
            "closed" => new IOException("reset"),
            _ => new IngestException(IngestFailureKind.Unauthorized, "401 Unauthorized"),
        };
        var ingest = new ScriptedIngest((_, _, _) => Task.FromException(Failure()));
        var (sup, events, time) = Create(ingest);
        using var cts = new CancellationTokenSource();
        var running = sup.RunAsync(cts.Token);

        await Within(ingest.Starts.Reader.ReadAsync().AsTask());
        foreach (var expected in expectedSeconds)
        {
            var delay = await NextDelay(sup, time);
            Assert.Equal(TimeSpan.FromSeconds(expected), delay);
            // One tick short of the delay: no new attempt may start.
            time.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.False(ingest.Starts.Reader.TryRead(out _));
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Within(ingest.Starts.Reader.ReadAsync().AsTask());
        }

        var state = sup.Status.State;
        Assert.Equal(kind == "unauthorized" ? CameraState.Unauthorized : CameraState.Offline, state);
        if (kind == "unauthorized") Assert.Equal("401 Unauthorized", sup.Status.Reason);
        // The state was announced once, not once per retry.
        Assert.True(events.Reader.TryRead(out var first));
        Assert.Equal(state, Assert.IsType<CameraStateChanged>(first).State);
        Assert.False(events.Reader.TryRead(out _));

        cts.Cancel();
        await Within(running.ContinueWith(_ => 0));
    }

    [Fact]
    public async Task Media_makes_the_stream_online_and_a_stall_makes_it_offline()
    {
        var mediaSent = new TaskCompletionSource();
        var ingest = new ScriptedIngest(async (n, ctx, ct) =>
        {
            ctx.ReportProgress();
            ctx.ReportMedia();
            if (n == 1) mediaSent.TrySetResult();
            // Then the camera freezes with the socket open (SIGSTOP).
            await Task.Delay(Timeout.Infinite, ct);
        });
        var (sup, events, time) = Create(ingest);
        using var cts = new CancellationTokenSource();
        var running = sup.RunAsync(cts.Token);

        await Within(mediaSent.Task.ContinueWith(_ => 0));
        var online = Assert.IsType<CameraStateChanged>(await Within(events.Reader.ReadAsync().AsTask()));
        Assert.Equal((CameraState.Online, CameraState.Connecting), (online.State, online.Previous));

        // 4.75 s of silence is not yet a stall (watchdog ticks every 250 ms) ...
        for (int i = 0; i < 19; i++) time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(CameraState.Online, sup.Status.State);
        // ... 5 s is.
        time.Advance(TimeSpan.FromMilliseconds(250));
        var offline = Assert.IsType<CameraStateChanged>(await Within(events.Reader.ReadAsync().AsTask()));
        Assert.Equal(CameraState.Offline, offline.State);
        Assert.Equal("no media for 5 s", offline.Reason);

        // Reconnect after the first backoff step; media again → online.
        var delay = await NextDelay(sup, time);
        time.Advance(delay);
        await Within(ingest.Starts.Reader.ReadAsync().AsTask()); // run 1
        await Within(ingest.Starts.Reader.ReadAsync().AsTask()); // run 2
        var back = Assert.IsType<CameraStateChanged>(await Within(events.Reader.ReadAsync().AsTask()));
        Assert.Equal((CameraState.Online, CameraState.Offline), (back.State, back.Previous));
        Assert.Equal(1, sup.Status.Reconnects);

        cts.Cancel();
        await Within(running.ContinueWith(_ => 0));
    }

    [Fact]
    public async Task A_healthy_minute_resets_the_backoff()
    {
        var online = new TaskCompletionSource<IngestContext>();
        var release = new TaskCompletionSource();
        var ingest = new ScriptedIngest(async (n, ctx, ct) =>
        {
            if (n <= 3) throw new IOException("closed");
            ctx.ReportMedia();
            online.TrySetResult(ctx);
            // Stays online until the test says the camera drops.
            await release.Task.WaitAsync(ct);
            throw new IOException("closed");
        });
        var (sup, _, time) = Create(ingest);
        using var cts = new CancellationTokenSource();
        var running = sup.RunAsync(cts.Token);

        await Within(ingest.Starts.Reader.ReadAsync().AsTask());
        foreach (var s in new[] { 0.5, 1, 2 })
        {
            var d = await NextDelay(sup, time);
            Assert.Equal(TimeSpan.FromSeconds(s), d);
            time.Advance(d);
            await Within(ingest.Starts.Reader.ReadAsync().AsTask());
        }
        // Run 4 stays online for 61 s of fake time, with media all along.
        var ctx = await Within(online.Task);
        for (int i = 0; i < 610; i++)
        {
            ctx.ReportMedia();
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(CameraState.Online, sup.Status.State);
        release.TrySetResult();
        Assert.Equal(TimeSpan.FromSeconds(0.5), await NextDelay(sup, time));

        cts.Cancel();
        await Within(running.ContinueWith(_ => 0));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, IngestFailureKind.Unreachable, "connection refused")]
    [InlineData(SocketError.HostUnreachable, IngestFailureKind.Unreachable, "host unreachable")]
    [InlineData(SocketError.ConnectionReset, IngestFailureKind.Closed, "network error: ConnectionReset")]
    public void Socket_errors_are_classified(SocketError error, IngestFailureKind kind, string reason) =>
        Assert.Equal((kind, reason), CameraSupervisor.Classify(new SocketException((int)error)));
}
