using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Handshake;

namespace Nvr.Rtmp.Server;

/// <summary>
/// One RTMP server connection (Adobe RTMP specification 1.0): handshake, chunk stream, protocol
/// control, AMF0 commands, then either playing a <see cref="Nvr.Streaming.Feed"/> as FLV tags
/// or accepting a publisher into an <see cref="IRtmpPublishSink"/>. Design: <c>nvr/design/rtmp.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// The owner (a TCP listener, Kestrel connection handler or a test) hands over the connection's
/// <see cref="IDuplexPipe"/> and awaits <see cref="RunAsync"/>; when it returns, both pipes are
/// completed and the owner closes the socket.
/// </para>
/// <para>
/// Outcome of <see cref="RunAsync"/>: returns normally when the peer disconnects (also by a
/// reset or broken pipe: transport <see cref="IOException"/>s are not faults), after a
/// rejected publish or an unknown play stream (the onStatus error is flushed first), or when the
/// played feed is completed. Throws <see cref="RtmpProtocolException"/> when the peer breaks the
/// protocol or a limit, <see cref="RtmpTimeoutException"/> for a handshake, idle or write
/// deadline, <see cref="OperationCanceledException"/> when the owner cancels.
/// </para>
/// <para>
/// Threading: one read loop handles every incoming message; a play session adds one pump task
/// (feed reader → muxer → chunks) that the read loop owns and awaits. Writes from both go
/// through one lock, each ending with a flush that must finish within
/// <see cref="RtmpServerOptions.WriteTimeout"/>.
/// </para>
/// </remarks>
public sealed partial class RtmpServerSession
{
    private const uint ControlChunkStream = 2;
    private const uint CommandChunkStream = 3;
    private const uint AudioChunkStream = 4;
    private const uint DataChunkStream = 5;
    private const uint VideoChunkStream = 6;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IRtmpStreamResolver _resolver;
    private readonly RtmpServerOptions _options;
    private readonly TimeProvider _time;
    private readonly RtmpChunkReader _chunks;
    private readonly RtmpChunkWriter _writer = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _session = new();

    private int _started;
    private long _handshakeBytes;
    private long _lastAcknowledged;
    private uint _peerWindow;
    private long _messages;
    private bool _closeRequested;
    private Exception? _pumpError;

    public RtmpServerSession(IDuplexPipe transport, IRtmpStreamResolver resolver, RtmpServerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(resolver);
        _options = options ?? RtmpServerOptions.Default;
        _options.Validate();
        _input = transport.Input;
        _output = transport.Output;
        _resolver = resolver;
        _time = timeProvider ?? TimeProvider.System;
        _chunks = new RtmpChunkReader(_options.MaxMessageSize, _options.MaxChunkStreams, _options.MaxPendingBytes);
    }

    public RtmpSessionMode Mode { get; private set; }

    /// <summary>The accepted play or publish request, or null.</summary>
    public RtmpStreamRequest? Stream { get; private set; }

    public RtmpSessionStatistics GetStatistics() => new()
    {
        Mode = Mode,
        Stream = Stream?.ToString(),
        BytesReceived = _handshakeBytes + _chunks.BytesConsumed,
        MessagesReceived = Interlocked.Read(ref _messages),
        TagsSent = Interlocked.Read(ref _tagsSent),
        UnitsNotSent = Interlocked.Read(ref _unitsNotSent),
        UnitsPublished = Interlocked.Read(ref _unitsPublished),
        PublishTagsDropped = _demuxer is { } d ? d.DroppedUnits + d.UnsupportedTags + d.MalformedTags : 0,
        MissingExtendedTimestamps = _chunks.MissingExtendedTimestamps,
    };

    /// <summary>Runs the connection to its end (see the type's remarks for the outcomes). Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("RunAsync was already called");
        var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _session);
        var token = _session.Token;
        try
        {
            if (await HandshakeAsync(token).ConfigureAwait(false)) await ReadLoopAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The pump ended the session (feed completed, peer gone, or its own error below).
        }
        catch (IOException)
        {
            // The transport failed under a read or write (reset, broken pipe): a disconnect, not a fault.
        }
        finally
        {
            await _session.CancelAsync().ConfigureAwait(false);
            await StopPlayAsync().ConfigureAwait(false);
            ClosePublish();
            await CompletePipesAsync().ConfigureAwait(false);
            // Unregister (waiting out a callback already running) before disposing what it
            // cancels: the caller's token may fire at any moment, even now.
            await registration.DisposeAsync().ConfigureAwait(false);
            _session.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (_pumpError is not null) ExceptionDispatchInfo.Throw(_pumpError);
    }

    /// <summary>
    /// Completes output, then input. Cleanup only: a transport that is already gone (a stream
    /// pipe reader disposes its stream on completion unless told to leave it open) is not an error.
    /// </summary>
    private async ValueTask CompletePipesAsync()
    {
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        try
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        var s0s1s2 = new byte[RtmpServerHandshake.S0S1S2Size];
        var c0c1 = new byte[RtmpServerHandshake.C0C1Size];
        if (!await ReadExactlyAsync(c0c1, cancellationToken).ConfigureAwait(false)) return false;
        var uptime = (uint)(_time.GetElapsedTime(0).TotalMilliseconds % uint.MaxValue);
        var result = RtmpServerHandshake.ProcessC0C1(c0c1, s0s1s2, uptime);
        if (result == RtmpHandshakeResult.UnsupportedVersion) throw new RtmpProtocolException($"unsupported RTMP version {c0c1[0]}");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _output.Write(s0s1s2);
            if (!await FlushLockedAsync(cancellationToken).ConfigureAwait(false)) return false;
        }
        finally
        {
            _writeLock.Release();
        }
        var c2 = new byte[RtmpServerHandshake.C2Size];
        return await ReadExactlyAsync(c2, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ReadExactlyAsync(byte[] destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await ReadAsync(_options.HandshakeTimeout, "handshake", cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            // Fail fast on a non-RTMP peer (an HTTP request, TLS hello) instead of waiting for 1537 bytes.
            if (destination.Length == RtmpServerHandshake.C0C1Size && buffer.Length > 0 && buffer.FirstSpan[0] != 3)
            {
                var version = buffer.FirstSpan[0];
                _input.AdvanceTo(buffer.Start);
                throw new RtmpProtocolException($"unsupported RTMP version {version}");
            }
            if (buffer.Length >= destination.Length)
            {
                buffer.Slice(0, destination.Length).CopyTo(destination);
                _input.AdvanceTo(buffer.GetPosition(destination.Length));
                _handshakeBytes += destination.Length;
                return true;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return false;
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan? idle = Mode == RtmpSessionMode.Play ? null : _options.IdleTimeout;
            var result = await ReadAsync(idle, "idle", cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var remaining = buffer;
            while (!_closeRequested)
            {
                var status = ReadMessage(ref remaining, out var message);
                if (status == RtmpChunkReadStatus.Error)
                {
                    _input.AdvanceTo(remaining.Start);
                    throw new RtmpProtocolException(_chunks.Error ?? "chunk stream error");
                }
                if (status == RtmpChunkReadStatus.NeedMoreData) break;
                Interlocked.Increment(ref _messages);
                await HandleMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }
            _input.AdvanceTo(remaining.Start, buffer.End);
            if (_closeRequested || result.IsCompleted || result.IsCanceled) return;
            await AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private RtmpChunkReadStatus ReadMessage(ref ReadOnlySequence<byte> buffer, out RtmpMessage message)
    {
        var reader = new SequenceReader<byte>(buffer);
        var status = _chunks.Read(ref reader, out message);
        buffer = buffer.Slice(reader.Position);
        return status;
    }

    private async ValueTask<ReadResult> ReadAsync(TimeSpan? timeout, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await DeadlineIo.ReadAsync(_input, timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RtmpTimeoutException($"no data from the peer for {timeout} ({what})");
        }
    }

    private async ValueTask HandleMessageAsync(RtmpMessage message, CancellationToken cancellationToken)
    {
        var payload = message.Payload.Span;
        switch (message.Type)
        {
            case RtmpMessageType.SetChunkSize:
                {
                    if (payload.Length < 4) throw new RtmpProtocolException("short Set Chunk Size message");
                    var size = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    if (size == 0 || size > (uint)_options.MaxIncomingChunkSize)
                    {
                        throw new RtmpProtocolException($"chunk size {size} outside 1..{_options.MaxIncomingChunkSize}");
                    }
                    _chunks.ChunkSize = (int)size;
                    break;
                }
            case RtmpMessageType.Abort:
                if (payload.Length >= 4) _chunks.Abort(BinaryPrimitives.ReadUInt32BigEndian(payload));
                break;
            case RtmpMessageType.WindowAcknowledgementSize:
                if (payload.Length >= 4) _peerWindow = BinaryPrimitives.ReadUInt32BigEndian(payload);
                break;
            case RtmpMessageType.UserControl:
                // Event 6 = PingRequest (§7.1.7): answer PingResponse (7) with the same timestamp.
                if (payload.Length >= 6 && BinaryPrimitives.ReadUInt16BigEndian(payload) == 6)
                {
                    var pong = new byte[6];
                    pong[1] = 7;
                    payload.Slice(2, 4).CopyTo(pong.AsSpan(2));
                    await SendAsync([new(ControlChunkStream, RtmpMessageType.UserControl, 0, pong)], cancellationToken).ConfigureAwait(false);
                }
                break;
            case RtmpMessageType.CommandAmf0:
                await HandleCommandAsync(message.StreamId, message.Payload, cancellationToken).ConfigureAwait(false);
                break;
            case RtmpMessageType.CommandAmf3:
                // AMF3 command messages start with a format byte (0) followed by AMF0 values in practice.
                if (!message.Payload.IsEmpty) await HandleCommandAsync(message.StreamId, message.Payload[1..], cancellationToken).ConfigureAwait(false);
                break;
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
            case RtmpMessageType.DataAmf0:
            case RtmpMessageType.DataAmf3:
            case RtmpMessageType.Aggregate:
                if (Mode == RtmpSessionMode.Publish && message.StreamId == _publishStreamId) OnPublishMessage(message);
                break;
        }
    }

    private async ValueTask AcknowledgeAsync(CancellationToken cancellationToken)
    {
        var received = _handshakeBytes + _chunks.BytesConsumed;
        if (_peerWindow == 0 || received - _lastAcknowledged < _peerWindow) return;
        _lastAcknowledged = received;
        var ack = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(ack, unchecked((uint)received));
        await SendAsync([new(ControlChunkStream, RtmpMessageType.Acknowledgement, 0, ack)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes small messages (control, commands) and flushes. False when the peer is gone (the session then ends).</summary>
    private async ValueTask<bool> SendAsync(OutgoingMessage[] messages, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var m in messages)
            {
                _writer.Write(_output, m.ChunkStreamId, m.Type, m.StreamId, 0, default, m.Payload);
                if (m.Type == RtmpMessageType.SetChunkSize) _writer.ChunkSize = BinaryPrimitives.ReadInt32BigEndian(m.Payload);
            }
            if (await FlushLockedAsync(cancellationToken).ConfigureAwait(false)) return true;
        }
        finally
        {
            _writeLock.Release();
        }
        _closeRequested = true;
        return false;
    }

    /// <summary>Flushes under the write lock with the write deadline.</summary>
    private async ValueTask<bool> FlushLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DeadlineIo.FlushAsync(_output, _options.WriteTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RtmpTimeoutException($"the peer did not take data for {_options.WriteTimeout}");
        }
    }

    private readonly record struct OutgoingMessage(uint ChunkStreamId, RtmpMessageType Type, uint StreamId, byte[] Payload);
}
