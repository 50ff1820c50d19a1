using System.Globalization;
using System.Text;
using Nvr.Media;
using Nvr.Rtsp.Auth;
using Nvr.Media.Sdp;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Server;

// Request dispatch and the methods other than SETUP (RFC 2326 §10).
internal sealed partial class RtspServerConnection
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    /// <summary>Answers one request; false when the connection must close.</summary>
    private async ValueTask<bool> HandleAsync(RtspRequest request)
    {
        RtspResponse response;
        try
        {
            response = await DispatchAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            RtspServerLog.RequestFailed(_server.Logger, RemoteEndPoint, request.Method, e);
            response = new RtspResponse(500);
        }
        if (request.CSeq is int cseq) response.Headers.Set("CSeq", cseq.ToString(CultureInfo.InvariantCulture));
        response.Headers.Set("Server", RtspServer.ServerName);
        bool sent = await SendAsync(response).ConfigureAwait(false);
        var play = _playAfterResponse;
        _playAfterResponse = null;
        if (sent && play is not null) play.StartPlaying();
        return sent;
    }

    private async ValueTask<RtspResponse> DispatchAsync(RtspRequest request)
    {
        if (request.Version != "RTSP/1.0") return new RtspResponse(505);
        if (request.CSeq is null) return new RtspResponse(400, "Bad Request (CSeq missing)");
        if (request.Headers["Require"] is string require)
        {
            // RFC 2326 §12.32: we support no option tags.
            var unsupported = new RtspResponse(551);
            unsupported.Headers.Set("Unsupported", require);
            return unsupported;
        }
        switch (request.Method)
        {
            case RtspMethods.Options: return Options(request);
            case RtspMethods.Describe: return await DescribeAsync(request).ConfigureAwait(false);
            case RtspMethods.Setup: return await SetupAsync(request).ConfigureAwait(false);
            case RtspMethods.Play: return Play(request);
            case RtspMethods.Pause: return await PauseAsync(request).ConfigureAwait(false);
            case RtspMethods.Teardown: return await TeardownAsync(request).ConfigureAwait(false);
            case RtspMethods.GetParameter:
            case RtspMethods.SetParameter:
                return Parameter(request);
            case RtspMethods.Announce:
            case RtspMethods.Record:
            case RtspMethods.Redirect:
                {
                    var notAllowed = new RtspResponse(405);
                    notAllowed.Headers.Set("Allow", PublicMethods);
                    return notAllowed;
                }
            default:
                return new RtspResponse(501);
        }
    }

    private RtspResponse Options(RtspRequest request)
    {
        if (request.Headers.Contains("Session") && FindSession(request, out var error) is null) return error!;
        var response = new RtspResponse(200);
        response.Headers.Set("Public", PublicMethods);
        return response;
    }

    private async ValueTask<RtspResponse> DescribeAsync(RtspRequest request)
    {
        if (Authorize(request, out var user) is { } denied) return denied;
        var target = RtspRequestTarget.TryParse(request.Uri, FallbackAuthority);
        if (target is null) return new RtspResponse(400);
        if (target.TrackId is not null) return new RtspResponse(404);
        var (_, description, status) = await ResolveAsync(target, user).ConfigureAwait(false);
        if (status != 0) return new RtspResponse(status);
        var served = RtspServer.Servable(description!);
        var sdp = SdpWriter.ToText(served, new SdpWriterOptions
        {
            SessionName = target.Path.Length > 0 ? target.Path : "Nvr",
            OriginAddress = LocalEndPoint?.Address.ToString() ?? "127.0.0.1",
            SessionId = _server.SdpSessionId,
            SessionVersion = (ulong)Math.Max(0, description!.Version),
        });
        var response = new RtspResponse(200) { Body = Encoding.UTF8.GetBytes(sdp) };
        response.Headers.Set("Content-Type", "application/sdp");
        response.Headers.Set("Content-Base", target.ContentBase);
        return response;
    }

    /// <summary>Resolves a path to its source and description: status 404 (no such media), 503 (nothing to describe yet), 415 (no track this server can send).</summary>
    private async ValueTask<(IRtspMediaSource? Source, StreamDescription? Description, int Status)> ResolveAsync(RtspRequestTarget target, string? user)
    {
        var source = await _server.Resolver.ResolveAsync(new RtspMediaRequest(target.Path, target.Query, user, RemoteEndPoint), _abort.Token).ConfigureAwait(false);
        if (source is null) return (null, null, 404);
        using var deadline = new CancellationTokenSource(_server.Options.DescribeTimeout, _server.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _abort.Token);
        StreamDescription? description;
        try
        {
            description = await source.GetDescriptionAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            description = null;
        }
        if (description is null) return (source, null, 503);
        if (RtspServer.Servable(description).Count == 0) return (source, description, 415);
        return (source, description, 0);
    }

    private RtspResponse Play(RtspRequest request)
    {
        if (Authorize(request, out _) is { } denied) return denied;
        if (request.Headers["Range"] is string range && !RtspRange.TryParse(range, out _)) return new RtspResponse(457);
        var session = FindSession(request, out var error);
        if (session is null) return error!;
        if (session.TrackCount == 0) return new RtspResponse(455);
        var state = session.State;
        if (state == RtspSessionState.Closed) return new RtspResponse(454);
        var rtpInfo = session.PrepareToPlay();
        var response = new RtspResponse(200);
        response.Headers.Set("Session", SessionHeader(session));
        // Live media plays from "now"; the Range start of a live PLAY is not honoured (RFC 2326 §12.29).
        response.Headers.Set("Range", "npt=0.000-");
        if (rtpInfo.Count > 0) response.Headers.Set("RTP-Info", string.Join(",", rtpInfo));
        if (state == RtspSessionState.Ready) _playAfterResponse = session;
        return response;
    }

    private async ValueTask<RtspResponse> PauseAsync(RtspRequest request)
    {
        var session = FindSession(request, out var error);
        if (session is null) return error!;
        await session.PauseAsync().ConfigureAwait(false);
        var response = new RtspResponse(200);
        response.Headers.Set("Session", SessionHeader(session));
        return response;
    }

    private async ValueTask<RtspResponse> TeardownAsync(RtspRequest request)
    {
        var session = FindSession(request, out var error);
        if (session is null) return error!;
        await session.CloseAsync(RtspSessionCloseReason.Teardown).ConfigureAwait(false);
        return new RtspResponse(200);
    }

    /// <summary>GET_PARAMETER / SET_PARAMETER: an empty body is a keepalive (RFC 2326 §10.8); no parameters are known.</summary>
    private RtspResponse Parameter(RtspRequest request)
    {
        RtspServerSession? session = null;
        if (request.Headers.Contains("Session"))
        {
            session = FindSession(request, out var error);
            if (session is null) return error!;
        }
        var response = new RtspResponse(request.Body.IsEmpty ? 200 : 451);
        if (session is not null) response.Headers.Set("Session", SessionHeader(session));
        return response;
    }

    /// <summary>The session named by the Session header, touched; null with a 454 otherwise.</summary>
    private RtspServerSession? FindSession(RtspRequest request, out RtspResponse? error)
    {
        error = null;
        if (RtspSessionHeader.TryParse(request.Headers["Session"], out var header) && _server.FindSession(header.Id) is { } session)
        {
            session.Touch();
            return session;
        }
        error = new RtspResponse(454);
        return null;
    }

    /// <summary>Null when the request may proceed; otherwise the 401 or 503 to answer.</summary>
    private RtspResponse? Authorize(RtspRequest request, out string? userName)
    {
        var outcome = _server.Authenticator.Authenticate(request.Headers["Authorization"], request.Method, RemoteAddress, out userName, out var retryAfter);
        switch (outcome)
        {
            case AuthOutcome.Allowed:
                return null;
            case AuthOutcome.Throttled:
                {
                    _server.CountThrottled();
                    var busy = new RtspResponse(503);
                    busy.Headers.Set("Retry-After", DigestAuthenticator.RetryAfter(retryAfter));
                    return busy;
                }
            case AuthOutcome.Failed:
                _server.CountAuthFailure();
                RtspServerLog.AuthFailed(_server.Logger, RemoteEndPoint, userName ?? "");
                if (_server.Authenticator.Throttle.IsBlocked(RemoteAddress, out var blockedFor))
                {
                    RtspServerLog.AddressBlocked(_server.Logger, RemoteEndPoint, (int)Math.Ceiling(blockedFor.TotalSeconds));
                }
                break;
        }
        var challenge = new RtspResponse(401);
        foreach (var value in _server.Authenticator.Challenges(stale: outcome == AuthOutcome.Stale)) challenge.Headers.Add("WWW-Authenticate", value);
        userName = null;
        return challenge;
    }

    private string SessionHeader(RtspServerSession session) =>
        new RtspSessionHeader(session.Id, _server.Options.SessionTimeoutSeconds).ToString();
}
