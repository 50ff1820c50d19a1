using System.Diagnostics;
using System.Net.Sockets;

namespace Nvr.Testing;

/// <summary>
/// Deadline-bounded waits on state that raises no event (a port that starts accepting, a file
/// that appears). Polls with a short back-off; fails with <see cref="TimeoutException"/> naming
/// what it waited for. Prefer waiting on a process line (<see cref="TestProcess.WaitForLineAsync"/>)
/// when the peer announces its state.
/// </summary>
public static class WaitFor
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits until <paramref name="condition"/> returns true.</summary>
    public static async Task ConditionAsync(
        Func<Task<bool>> condition,
        TimeSpan timeout,
        string description,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        var poll = FirstPoll;
        while (true)
        {
            if (await condition().ConfigureAwait(false)) return;
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {description}");
            var remaining = timeout - elapsed;
            await Task.Delay(poll < remaining ? poll : remaining, cancellationToken).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> returns true.</summary>
    public static Task ConditionAsync(
        Func<bool> condition,
        TimeSpan timeout,
        string description,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ConditionAsync(() => Task.FromResult(condition()), timeout, description, cancellationToken);
    }

    /// <summary>Waits until a TCP connection to <paramref name="host"/>:<paramref name="port"/> succeeds.</summary>
    public static Task PortAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ConditionAsync(() => IsPortOpenAsync(host, port, cancellationToken), timeout, $"{host}:{port} to accept TCP connections", cancellationToken);

    /// <summary>Waits until a TCP connection to <paramref name="host"/>:<paramref name="port"/> is refused.</summary>
    public static Task PortClosedAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ConditionAsync(async () => !await IsPortOpenAsync(host, port, cancellationToken).ConfigureAwait(false), timeout, $"{host}:{port} to refuse TCP connections", cancellationToken);

    /// <summary>One connection attempt (bounded to 1 s); true when it connected.</summary>
    public static async Task<bool> IsPortOpenAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
