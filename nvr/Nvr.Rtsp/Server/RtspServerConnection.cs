using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

/// <summary>
/// One client connection: reads requests (and interleaved RTCP) in order, answers them, and
/// carries the media of its interleaved sessions. All writes — responses and media batches — go
/// through one lock, so a response never lands inside an interleaved frame (RFC 2326 §10.12).
/// </summary>
/// <remarks>
/// Failure handling: an unparseable request is answered (400, 413 or 414) and the connection
/// closed, since its framing is lost; a request that does not complete within
/// <see cref="RtspServerOptions.RequestTimeout"/> (half-open or slowloris client) and a write that
/// does not complete within <see cref="RtspServerOptions.WriteTimeout"/> abort the connection;
/// so does an idle connection without sessions after the session timeout. Input is bounded by the
/// parser limits and the 64 KiB interleaved frame size.
/// </remarks>
internal sealed partial class RtspServerConnection
{
    private readonly RtspServer _server;
    private readonly IDuplexPipe _transport;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lock = new();
    private readonly List<RtspServerSession> _sessions = [];
    private int _writers;
    private long _progressAt;
    private long _partialSince;
    private long _lastActivity;
    private volatile bool _outputDone;
    private RtspSessionCloseReason? _closeReason;
    private RtspServerSession? _playAfterResponse;

    public RtspServerConnection(RtspServer server, IDuplexPipe transport, IPEndPoint? remote, IPEndPoint? local)
    {
        _server = server;
        _transport = transport;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        RemoteAddress = remote?.Address ?? IPAddress.None;
        _lastActivity = server.Time.GetTimestamp();
    }

    public IPEndPoint? RemoteEndPoint { get; }
    public IPEndPoint? LocalEndPoint { get; }
    /// <summary>The client's address, <see cref="IPAddress.None"/> for transports without one (tests).</summary>
    public IPAddress RemoteAddress { get; }
    public PipeWriter Output => _transport.Output;

    /// <summary>Why the connection was aborted by the server, if it was.</summary>
    public RtspSessionCloseReason? CloseReason
    {
        get { lock (_lock) return _closeReason; }
    }

    /// <summary><c>rtsp://local-address:port</c>, for path-only Request-URIs.</summary>
    public string FallbackAuthority => LocalEndPoint is { } ep
        ? ep.AddressFamily == AddressFamily.InterNetworkV6 ? $"rtsp://[{ep.Address}]:{ep.Port}" : $"rtsp://{ep.Address}:{ep.Port}"
        : "rtsp://localhost";

    /// <summary>Serves the connection until the client leaves, it breaks a rule, or it is aborted.</summary>
    public async Task RunAsync()
    {
        var input = _transport.Input;
        var limits = _server.Options.RequestLimits;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                bool close = false;
                long unconsumed;
                try
                {
                    while (!close)
                    {
                        var kind = RtspFrameReader.TryRead(ref buffer, limits, out var message, out var frame, out var error);
                        if (kind == RtspFrameKind.NeedMoreData) break;
                        Volatile.Write(ref _lastActivity, _server.Time.GetTimestamp());
                        switch (kind)
                        {
                            case RtspFrameKind.Message when message is RtspRequest request:
                                close = !await HandleAsync(request).ConfigureAwait(false);
                                break;
                            case RtspFrameKind.Message:
                                break; // a response from the client: we send no requests, ignore it
                            case RtspFrameKind.Interleaved:
                                OnInterleaved(frame);
                                break;
                            default:
                                _server.CountMalformed();
                                RtspServerLog.MalformedRequest(_server.Logger, RemoteEndPoint, error);
                                await SendAsync(ErrorFor(error)).ConfigureAwait(false);
                                close = true;
                                break;
                        }
                    }
                }
                finally
                {
                    unconsumed = buffer.Length;
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                // A partial message starts the request clock; a complete parse stops it.
                if (unconsumed == 0) Volatile.Write(ref _partialSince, 0);
                else if (Volatile.Read(ref _partialSince) == 0) Volatile.Write(ref _partialSince, _server.Time.GetTimestamp());
                if (close || result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted by the server (timeout, shutdown).
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client reset the connection.
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the connection (cancels its reads and writes); <paramref name="reason"/> is what its interleaved sessions report.</summary>
    public void Abort(RtspSessionCloseReason reason)
    {
        lock (_lock) _closeReason ??= reason;
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void AddSession(RtspServerSession session)
    {
        lock (_lock) _sessions.Add(session);
    }

    public void RemoveSession(RtspServerSession session)
    {
        lock (_lock) _sessions.Remove(session);
    }

    public int SessionCount
    {
        get { lock (_lock) return _sessions.Count; }
    }


    /// <summary>A writer has waited longer than <paramref name="timeout"/> for the client to take bytes.</summary>
    public bool IsWriteStalled(long now, TimeSpan timeout) =>
        Volatile.Read(ref _writers) > 0 && _server.Time.GetElapsedTime(Volatile.Read(ref _progressAt), now) > timeout;

    /// <summary>A request has been arriving for longer than <paramref name="timeout"/>.</summary>
    public bool IsRequestStalled(long now, TimeSpan timeout)
    {
        long since = Volatile.Read(ref _partialSince);
        return since != 0 && _server.Time.GetElapsedTime(since, now) > timeout;
    }

    /// <summary>No session and nothing received for longer than <paramref name="timeout"/>.</summary>
    public bool IsIdle(long now, TimeSpan timeout) =>
        SessionCount == 0 && _server.Time.GetElapsedTime(Volatile.Read(ref _lastActivity), now) > timeout;

    /// <summary>Takes the write lock for a batch; false when the connection is gone.</summary>
    public async ValueTask<bool> BeginWriteAsync()
    {
        if (Interlocked.Increment(ref _writers) == 1) Volatile.Write(ref _progressAt, _server.Time.GetTimestamp());
        try
        {
            await _writeLock.WaitAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Decrement(ref _writers);
            return false;
        }
        if (!_outputDone) return true;
        Interlocked.Decrement(ref _writers);
        _writeLock.Release();
        return false;
    }

    /// <summary>Flushes the batch and releases the write lock; false when the connection is gone.</summary>
    public async ValueTask<bool> EndWriteAsync()
    {
        try
        {
            var flush = await Output.FlushAsync(_abort.Token).ConfigureAwait(false);
            if (flush.IsCompleted || flush.IsCanceled) _outputDone = true;
            return !_outputDone;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _outputDone = true;
            return false;
        }
        finally
        {
            Volatile.Write(ref _progressAt, _server.Time.GetTimestamp());
            Interlocked.Decrement(ref _writers);
            _writeLock.Release();
        }
    }

    private async ValueTask<bool> SendAsync(RtspResponse response)
    {
        if (!await BeginWriteAsync().ConfigureAwait(false)) return false;
        try
        {
            RtspMessageWriter.Write(Output, response);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Output completed under us, or a header value with CR/LF (never from our own code).
            _outputDone = true;
        }
        return await EndWriteAsync().ConfigureAwait(false);
    }

    private void OnInterleaved(InterleavedFrame frame)
    {
        // RTP from the client (odd clients echo or punch) is ignored; RTCP goes to its session.
        if (frame.Payload.Length > 1500) return;
        RtspServerSession[] sessions;
        lock (_lock) sessions = [.. _sessions];
        if (sessions.Length == 0) return;
        Span<byte> data = stackalloc byte[(int)frame.Payload.Length];
        frame.Payload.CopyTo(data);
        foreach (var s in sessions)
        {
            if (s.OnInterleavedRtcp(frame.Channel, data)) return;
        }
    }

    private async Task ShutdownAsync()
    {
        var abortedFor = CloseReason; // null: the client left or broke the protocol
        Abort(RtspSessionCloseReason.ConnectionClosed);
        RtspServerSession[] sessions;
        lock (_lock) sessions = [.. _sessions];
        var reason = CloseReason ?? RtspSessionCloseReason.ConnectionClosed;
        foreach (var s in sessions)
        {
            // Interleaved sessions die with their connection; UDP and multicast sessions may be
            // continued from another connection (RFC 2326 §12.37) until their timeout.
            if (s.Transport is RtspSessionTransport.Tcp or null) await s.CloseAsync(reason).ConfigureAwait(false);
        }
        await _transport.Input.CompleteAsync().ConfigureAwait(false);
        // Take the write lock so a pump that is still inside a batch finishes first.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Every batch is flushed under this lock, so data can only be left in the writer when a
            // flush failed or was cancelled (the write timeout). Completing a stream-backed writer
            // normally would then flush it again and wait forever on the client that stopped
            // reading: complete with an error instead, which writes nothing more. Otherwise
            // complete normally, so an in-memory peer still reads what was sent (an RTCP BYE).
            if (!_outputDone) await _transport.Output.CompleteAsync().ConfigureAwait(false);
            else await _transport.Output.CompleteAsync(new OperationCanceledException($"connection aborted ({abortedFor ?? RtspSessionCloseReason.TransportError})")).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static RtspResponse ErrorFor(RtspParseError error) => new(error switch
    {
        RtspParseError.StartLineTooLong => 414,
        RtspParseError.BodyTooLarge => 413,
        _ => 400,
    });
}
