using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Nvr.Rtsp.Auth;

namespace Nvr.Rtsp.Client;

public sealed partial class RtspClient
{
    private const int MaxStaleRetries = 3;

    private TaskCompletionSource<RtspResponse>? _pending;
    private int _pendingCSeq;

    /// <summary>
    /// Sends a request and returns the answer, authenticating on 401 (RFC 2617/7616/7617): the
    /// credentials are tried once per challenge; stale=true retries do not count. Adds CSeq,
    /// User-Agent, Session and Authorization. Throws <see cref="RtspAuthException"/>,
    /// <see cref="RtspTimeoutException"/>, <see cref="RtspProtocolException"/>; other statuses are returned.
    /// </summary>
    public async Task<RtspResponse> SendAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        if (_connection is null) throw new InvalidOperationException("not connected");
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int staleRetries = 0;
            int rejected = 0;
            bool preemptive = _authenticator?.HasChallenge == true;
            while (true)
            {
                PrepareHeaders(request);
                var res = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
                if (res.Headers["Server"] is string server) ServerName = server;
                if (res.StatusCode != 401) return res;

                if (_credentials is null)
                {
                    throw new RtspAuthException(request.Method, request.Uri, res.StatusCode, res.StatusLine, "the server wants credentials and none were given");
                }
                _authenticator ??= new RtspAuthenticator(_credentials);
                bool hadChallenge = _authenticator.HasChallenge;
                if (!_authenticator.TryAccept(res.Headers.GetValues("WWW-Authenticate"), out bool stale))
                {
                    throw new RtspAuthException(request.Method, request.Uri, res.StatusCode, res.StatusLine, "no supported authentication scheme offered");
                }
                if (stale && staleRetries < MaxStaleRetries)
                {
                    staleRetries++;
                    continue;
                }
                if (hadChallenge)
                {
                    rejected++;
                    // A pre-emptive Authorization may fail only because the nonce rotated: allow one fresh try.
                    if (rejected > (preemptive ? 1 : 0))
                    {
                        throw new RtspAuthException(request.Method, request.Uri, res.StatusCode, res.StatusLine, "credentials rejected");
                    }
                }
            }
        }
        finally
        {
            _requestLock.Release();
        }
    }

    private void PrepareHeaders(RtspRequest request)
    {
        int cseq = Interlocked.Increment(ref _cseq);
        // "CSeq" spelled exactly so: go2rtc#7 — some cameras match the header name case-sensitively.
        request.Headers.Set("CSeq", cseq.ToString(CultureInfo.InvariantCulture));
        request.Headers.Set("User-Agent", _options.UserAgent);
        if (Session is not null) request.Headers.Set("Session", Session.Id);
        var auth = _authenticator?.CreateAuthorization(request.Method, request.Uri);
        if (auth is not null) request.Headers.Set("Authorization", auth);
        else request.Headers.Remove("Authorization");
    }

    private async Task<RtspResponse> ExchangeAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int cseq = request.CSeq ?? 0;
        try
        {
            if (_running)
            {
                var tcs = new TaskCompletionSource<RtspResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pendingCSeq = cseq;
                Volatile.Write(ref _pending, tcs);
                await WriteMessageAsync(request, linked.Token).ConfigureAwait(false);
                try
                {
                    return await tcs.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.CompareExchange(ref _pending, null, tcs);
                }
            }
            await WriteMessageAsync(request, linked.Token).ConfigureAwait(false);
            return await ReadResponseAsync(cseq, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RtspTimeoutException(request.Method, request.Uri, _options.RequestTimeout);
        }
    }

    private async Task WriteMessageAsync(RtspMessage message, CancellationToken cancellationToken)
    {
        var pipe = _connection?.Transport ?? throw new RtspProtocolException("connection closed");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RtspMessageWriter.Write(pipe.Output, message);
            var flush = await pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted) throw new RtspProtocolException($"{_url}: connection closed by the server");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads until the answer to <paramref name="cseq"/>, handing interleaved frames to the handler on the way.</summary>
    private async Task<RtspResponse> ReadResponseAsync(int cseq, CancellationToken cancellationToken)
    {
        var input = _connection!.Transport.Input;
        var replies = new List<RtspResponse>();
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            RtspResponse? found = ProcessFrames(ref buffer, cseq, replies);
            if (found is not null)
            {
                input.AdvanceTo(buffer.Start); // leftover bytes (e.g. RTP right after PLAY) stay readable at once
            }
            else
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            await SendRepliesAsync(replies, cancellationToken).ConfigureAwait(false);
            if (found is not null) return found;
            if (result.IsCompleted || result.IsCanceled) throw new RtspProtocolException($"{_url}: connection closed by the server");
        }
    }

    /// <summary>
    /// Consumes frames from <paramref name="buffer"/>: interleaved data to the handler, server requests
    /// answered via <paramref name="replies"/>, and stops at the response to <paramref name="cseq"/>
    /// (any response when <paramref name="cseq"/> is -1, which means "none expected").
    /// </summary>
    private RtspResponse? ProcessFrames(ref ReadOnlySequence<byte> buffer, int cseq, List<RtspResponse> replies)
    {
        while (true)
        {
            var kind = RtspFrameReader.TryRead(ref buffer, _options.Limits, out var message, out var frame, out var error);
            switch (kind)
            {
                case RtspFrameKind.NeedMoreData:
                    return null;
                case RtspFrameKind.Error:
                    throw new RtspProtocolException($"{_url}: unparseable data from the server ({error})");
                case RtspFrameKind.Interleaved:
                    DispatchInterleaved(frame);
                    break;
                case RtspFrameKind.Message when message is RtspResponse response:
                    // Tolerance (defensive; RFC 2326 §12.17 requires CSeq): a response without CSeq answers the outstanding request.
                    if (cseq >= 0 && (response.CSeq is null || response.CSeq == cseq)) return response;
                    if (cseq < 0 && TryCompletePending(response)) break;
                    Interlocked.Increment(ref Counters.StrayResponsesField);
                    break;
                case RtspFrameKind.Message when message is RtspRequest request:
                    replies.Add(AnswerServerRequest(request));
                    break;
            }
        }
    }

    private bool TryCompletePending(RtspResponse response)
    {
        var pending = Volatile.Read(ref _pending);
        if (pending is null) return false;
        if (response.CSeq is int c && c != _pendingCSeq) return false;
        return pending.TrySetResult(response);
    }

    /// <summary>
    /// RFC 2326 §10 lets the server send requests too (OPTIONS as its keepalive, SET_PARAMETER,
    /// ANNOUNCE, REDIRECT): answer 200 to the harmless ones, 501 otherwise, so the camera does not wait.
    /// </summary>
    private RtspResponse AnswerServerRequest(RtspRequest request)
    {
        Interlocked.Increment(ref Counters.ServerRequestsField);
        bool ok = request.Method is RtspMethods.Options or RtspMethods.GetParameter or RtspMethods.SetParameter;
        var res = new RtspResponse(ok ? 200 : 501);
        if (request.Headers["CSeq"] is string cseq) res.Headers.Add("CSeq", cseq);
        if (Session is not null) res.Headers.Add("Session", Session.Id);
        return res;
    }

    private async Task SendRepliesAsync(List<RtspResponse> replies, CancellationToken cancellationToken)
    {
        foreach (var r in replies) await WriteMessageAsync(r, cancellationToken).ConfigureAwait(false);
        replies.Clear();
    }

    private void DispatchInterleaved(in InterleavedFrame frame)
    {
        int map = _channelMap[frame.Channel];
        if (map < 0)
        {
            Interlocked.Increment(ref Counters.UnknownChannelField);
            return;
        }
        var payload = frame.Payload;
        ReadOnlyMemory<byte> data;
        if (payload.IsSingleSegment) data = payload.First;
        else
        {
            payload.CopyTo(_scratch);
            data = _scratch.AsMemory(0, (int)payload.Length);
        }
        Deliver(map >> 1, (map & 1) != 0, data);
    }

    private void Deliver(int track, bool rtcp, ReadOnlyMemory<byte> data)
    {
        long now = _time.GetTimestamp();
        if (rtcp) Interlocked.Increment(ref Counters.RtcpPacketsField);
        else
        {
            Interlocked.Increment(ref Counters.RtpPacketsField);
            Interlocked.Exchange(ref Counters.LastPacketField, now);
        }
        Interlocked.Add(ref Counters.BytesField, data.Length);
        var packet = new RtspReceivedPacket(track, rtcp, data, now);
        lock (_handlerGate)
        {
            _handler(in packet);
        }
    }
}
