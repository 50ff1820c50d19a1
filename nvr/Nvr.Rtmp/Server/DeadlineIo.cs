using System.IO.Pipelines;

namespace Nvr.Rtmp.Server;

/// <summary>Pipe reads and flushes with a deadline on an injected clock, without allocating when they complete at once.</summary>
internal static class DeadlineIo
{
    /// <summary>Flushes; false when the peer is gone. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async ValueTask<bool> FlushAsync(PipeWriter output, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var pending = output.FlushAsync(cancellationToken);
        FlushResult result;
        if (pending.IsCompleted)
        {
            result = pending.Result;
        }
        else
        {
            var task = pending.AsTask();
            try
            {
                result = await task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                output.CancelPendingFlush();
                await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>Reads, waiting at most <paramref name="timeout"/> (null: no deadline). Throws <see cref="TimeoutException"/>.</summary>
    public static async ValueTask<ReadResult> ReadAsync(PipeReader input, TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var pending = input.ReadAsync(cancellationToken);
        if (pending.IsCompleted || timeout is null) return await pending.ConfigureAwait(false);
        var task = pending.AsTask();
        try
        {
            return await task.WaitAsync(timeout.Value, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            input.CancelPendingRead();
            await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }
}
