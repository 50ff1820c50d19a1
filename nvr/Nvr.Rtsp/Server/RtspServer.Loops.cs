using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

// The accept loop, the housekeeping sweep and shutdown.
public sealed partial class RtspServer
{
    private async Task AcceptAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors, a connection reset in the backlog: keep accepting, but do
                // not spin on a persistent error.
                RtspServerLog.AcceptFailed(Logger, e.SocketErrorCode.ToString());
                await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var task = ServeSocketAsync(socket, cancellationToken);
            lock (_accepted)
            {
                _accepted.RemoveAll(t => t.IsCompleted);
                _accepted.Add(task);
            }
        }
    }

    private async Task ServeSocketAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield(); // keep the accept loop accepting
        try
        {
            socket.NoDelay = true;
            if (Options.SendBufferBytes > 0) socket.SendBufferSize = Options.SendBufferBytes;
            var remote = Normalize(socket.RemoteEndPoint as IPEndPoint);
            var local = Normalize(socket.LocalEndPoint as IPEndPoint);
            var stream = new NetworkStream(socket, ownsSocket: false);
            await using (stream.ConfigureAwait(false))
            {
                var pipe = new SocketPipe(
                    PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true)),
                    // 64 KiB segments: a flush sends each segment with its own send(), so a frame
                    // should fit in one.
                    PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true)));
                await ServeConnectionAsync(pipe, remote, local, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client went away while we set up.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HousekeepingInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug in one sweep must not stop the timeouts for good.
                    RtspServerLog.SweepFailed(Logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One housekeeping pass: stalled writes and requests, idle connections, session timeouts, drop reports.</summary>
    internal async Task SweepAsync()
    {
        long now = Time.GetTimestamp();
        RtspServerConnection[] connections;
        RtspServerSession[] sessions;
        lock (_lock)
        {
            connections = [.. _connections];
            sessions = [.. _sessions.Values];
        }
        foreach (var c in connections)
        {
            if (c.IsWriteStalled(now, Options.WriteTimeout))
            {
                RtspServerLog.ConnectionAborted(Logger, c.RemoteEndPoint, $"nothing written for {Options.WriteTimeout.TotalSeconds:0.#} s");
                c.Abort(RtspSessionCloseReason.WriteTimeout);
            }
            else if (c.IsRequestStalled(now, Options.RequestTimeout))
            {
                RtspServerLog.ConnectionAborted(Logger, c.RemoteEndPoint, $"request incomplete after {Options.RequestTimeout.TotalSeconds:0.#} s");
                c.Abort(RtspSessionCloseReason.Timeout);
            }
            else if (c.IsIdle(now, Options.SessionTimeout))
            {
                c.Abort(RtspSessionCloseReason.Timeout);
            }
        }
        foreach (var s in sessions)
        {
            if (s.IsTimedOut(now)) await s.CloseAsync(RtspSessionCloseReason.Timeout).ConfigureAwait(false);
            else s.ReportDrops(now);
        }
        Authenticator.Throttle.Prune();
    }

    private async Task ShutdownAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        RtspServerSession[] sessions;
        RtspServerConnection[] connections;
        lock (_lock)
        {
            sessions = [.. _sessions.Values];
            connections = [.. _connections];
        }
        foreach (var s in sessions) await s.CloseAsync(RtspSessionCloseReason.ServerStopped).ConfigureAwait(false);
        foreach (var c in connections) c.Abort(RtspSessionCloseReason.ServerStopped);
        Task[] accepted;
        lock (_accepted) accepted = [.. _accepted];
        await Task.WhenAll(accepted).ConfigureAwait(false);
        await Multicast.StopAllAsync().ConfigureAwait(false);
    }

    private static IPEndPoint? Normalize(IPEndPoint? ep) =>
        ep is not null && ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;

    private sealed class SocketPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
