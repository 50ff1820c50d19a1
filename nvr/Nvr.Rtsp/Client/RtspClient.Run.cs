using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Client;

public sealed partial class RtspClient
{
    /// <summary>
    /// Receives packets until <paramref name="cancellationToken"/> is cancelled (then sends TEARDOWN
    /// and returns normally) or the session fails (throws). Sends keepalives — GET_PARAMETER when
    /// the server lists it in Public, else OPTIONS — every half session timeout (RFC 2326 §12.37).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_playing) throw new InvalidOperationException("PLAY first");
        if (_running) throw new InvalidOperationException("already running");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running = true;
        var tasks = new List<Task> { ReadLoopAsync(stop.Token), KeepaliveLoopAsync(stop.Token) };
        foreach (var t in _tracks)
        {
            if (t.RtpSocket is not null) tasks.Add(UdpLoopAsync(t, t.RtpSocket, rtcp: false, stop.Token));
            if (t.RtcpSocket is not null) tasks.Add(UdpLoopAsync(t, t.RtcpSocket, rtcp: true, stop.Token));
        }
        Exception? failure = null;
        try
        {
            var first = await Task.WhenAny(tasks).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested) failure = first.Exception?.InnerException
                ?? new RtspProtocolException($"{_url}: receive loop ended");
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Loops end with cancellation or with the error already captured.
            }
        }
        finally
        {
            _running = false;
            Volatile.Read(ref _pending)?.TrySetCanceled();
        }
        if (failure is not null) throw failure;
        await TeardownAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one RTCP packet (e.g. a receiver report) for a track: interleaved on its RTCP channel,
    /// or to the server's RTCP port (unicast) / the group (multicast).
    /// </summary>
    public async ValueTask SendRtcpAsync(int trackIndex, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        var t = _tracks[trackIndex];
        if (packet.Length > ushort.MaxValue) throw new ArgumentException("RTCP packet too large", nameof(packet));
        if (t.RtcpChannel >= 0)
        {
            var output = (_connection ?? throw new RtspProtocolException("connection closed")).Transport.Output;
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var span = output.GetSpan(4 + packet.Length);
                span[0] = (byte)'$';
                span[1] = (byte)t.RtcpChannel;
                BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)packet.Length);
                packet.Span.CopyTo(span[4..]);
                output.Advance(4 + packet.Length);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        else if (t.RtcpSocket is not null && t.ServerRtcp is not null)
        {
            await t.RtcpSocket.SendAsync(packet, t.ServerRtcp, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends TEARDOWN (best effort, bounded by <see cref="RtspClientOptions.TeardownTimeout"/>) and closes the connection.</summary>
    public async Task TeardownAsync()
    {
        if (_connection is null || Session is null) return;
        using var cts = new CancellationTokenSource(_options.TeardownTimeout, _time);
        try
        {
            var req = new RtspRequest(RtspMethods.Teardown, _sessionUrl ?? _url.ToString());
            await SendAsync(req, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RtspException or OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The camera may already be gone; closing the connection ends the session anyway.
        }
        _playing = false;
        Session = null;
        await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var input = _connection!.Transport.Input;
        var replies = new List<RtspResponse>();
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                ProcessFrames(ref buffer, -1, replies);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            await SendRepliesAsync(replies, cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted) throw new RtspProtocolException($"{_url}: connection closed by the server");
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task KeepaliveLoopAsync(CancellationToken cancellationToken)
    {
        var interval = _options.KeepAliveInterval
            ?? TimeSpan.FromSeconds(Math.Max(1.0, (Session?.EffectiveTimeoutSeconds ?? 60) / 2.0));
        while (true)
        {
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            bool useGet = ServerMethods.Contains(RtspMethods.GetParameter) && !_getParameterUnsupported;
            var req = new RtspRequest(useGet ? RtspMethods.GetParameter : RtspMethods.Options, _sessionUrl ?? _url.ToString());
            Interlocked.Increment(ref Counters.KeepalivesField);
            try
            {
                var res = await SendAsync(req, cancellationToken).ConfigureAwait(false);
                if (!IsSuccess(res))
                {
                    Interlocked.Increment(ref Counters.KeepaliveFailuresField);
                    // Tolerance: cameras listing GET_PARAMETER in Public but answering 501/405/451 to it.
                    if (useGet) _getParameterUnsupported = true;
                }
            }
            catch (RtspTimeoutException)
            {
                // Media may still flow; the supervisor watches LastRtpTimestamp.
                Interlocked.Increment(ref Counters.KeepaliveFailuresField);
            }
        }
    }

    private async Task UdpLoopAsync(RtspTrack track, IRtpUdpSocket socket, bool rtcp, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new byte[65536];
        while (true)
        {
            RtpUdpReceiveResult r;
            try
            {
                r = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // ICMP port unreachable from an earlier send; not fatal for a receiver.
                continue;
            }
            if (track.ExpectedSource is IPAddress expected && !expected.Equals(r.Source.Address))
            {
                Interlocked.Increment(ref Counters.ForeignDatagramsField);
                continue;
            }
            Deliver(track.Index, rtcp, buffer.AsMemory(0, r.Length));
        }
    }
}
