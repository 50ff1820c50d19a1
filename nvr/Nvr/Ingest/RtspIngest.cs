using System.Security.Cryptography;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Media.Sdp;
using Nvr.Rtsp;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Client;
using Nvr.Streaming;

namespace Nvr.Ingest;

/// <summary>
/// Pulls one camera stream over RTSP into its <see cref="Feed"/> (MediaMTX's
/// <c>internal/protocols/rtsp/to_stream.go</c> plays this role there). One call of
/// <see cref="RunAsync"/> is one session: OPTIONS, DESCRIBE, SETUP, PLAY, then packets until the
/// session fails. RTSP errors are translated into <see cref="IngestException"/> so the supervisor
/// can choose state and backoff.
/// </summary>
public sealed partial class RtspIngest : IStreamIngest
{
    private readonly CameraOptions _camera;
    private readonly string _url;
    private readonly Feed _feed;
    private readonly IngestStatistics _stats;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly uint _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    // transport=auto: once UDP delivered nothing, later sessions of this stream use TCP directly.
    private bool _udpFailed;

    public RtspIngest(CameraOptions camera, string url, Feed feed, IngestStatistics stats, IngestOptions options, TimeProvider time, ILogger logger)
    {
        _camera = camera;
        _url = url;
        _feed = feed;
        _stats = stats;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task RunAsync(IngestContext context, CancellationToken cancellationToken)
    {
        var configured = _camera.Transport.ToLowerInvariant();
        var mode = configured switch
        {
            "tcp" => RtspTransportMode.Tcp,
            "multicast" => RtspTransportMode.Multicast,
            "udp" => RtspTransportMode.Udp,
            _ => _udpFailed ? RtspTransportMode.Tcp : RtspTransportMode.Udp,
        };
        try
        {
            try
            {
                await RunSessionAsync(context, mode, fallbackAllowed: configured == "auto", cancellationToken).ConfigureAwait(false);
            }
            catch (UdpSilentException)
            {
                _udpFailed = true;
                LogUdpFallback(_logger, _camera.Id, _options.UdpFallback.TotalSeconds);
                await RunSessionAsync(context, RtspTransportMode.Tcp, fallbackAllowed: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RtspAuthException e)
        {
            throw new IngestException(IngestFailureKind.Unauthorized, $"{e.Method}: {e.StatusLine}", e);
        }
        catch (RtspResponseException e)
        {
            throw new IngestException(IngestFailureKind.Protocol, $"{e.Method}: {e.StatusCode} {e.Reason}", e);
        }
        catch (RtspTimeoutException e)
        {
            throw new IngestException(IngestFailureKind.Stalled, $"no answer to {e.Operation} within {e.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (SdpFormatException e)
        {
            throw new IngestException(IngestFailureKind.Protocol, $"unreadable SDP: {e.Message}", e);
        }
        catch (RtspProtocolException e)
        {
            throw new IngestException(IngestFailureKind.Closed, UrlRedactor.Redact(e.Message), e);
        }
        finally
        {
            _feed.SetOffline();
        }
    }

    private async Task RunSessionAsync(IngestContext context, RtspTransportMode mode, bool fallbackAllowed, CancellationToken cancellationToken)
    {
        IngestRun? run = null;
        var options = new RtspClientOptions
        {
            Url = _url,
            Credentials = string.IsNullOrEmpty(_camera.Username) ? null : new RtspCredentials(_camera.Username, _camera.Password ?? ""),
            Transport = mode,
            RequestTimeout = _options.RequestTimeout,
            TimeProvider = _time,
        };
        await using var client = new RtspClient(options, (in RtspReceivedPacket p) => run?.OnPacket(p));
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        context.ReportProgress();
        await client.DescribeAsync(cancellationToken).ConfigureAwait(false);
        context.ReportProgress();
        await client.SetupAsync(cancellationToken).ConfigureAwait(false);
        context.ReportProgress();
        run = new IngestRun(client.Tracks, udp: mode != RtspTransportMode.Tcp, _feed, context, _stats, _time)
        {
            Discontinuity = (track, step) => LogDiscontinuity(_logger, _camera.Id, track, step),
        };
        await client.PlayAsync(null, cancellationToken).ConfigureAwait(false);
        context.ReportProgress();
        _stats.SetTransport(mode.ToString().ToLowerInvariant());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receive = client.RunAsync(stop.Token);
        var reports = SendReceiverReportsAsync(client, run, stop.Token);
        try
        {
            if (fallbackAllowed && mode == RtspTransportMode.Udp)
            {
                var first = await Task.WhenAny(receive, Task.Delay(_options.UdpFallback, _time, stop.Token)).ConfigureAwait(false);
                if (first != receive && !run.ReceivedMedia) throw new UdpSilentException();
            }
            await receive.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reports.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>RTCP RR every 5 s (RFC 3550 §6.2 minimum interval): some cameras end UDP sessions without them.</summary>
    private async Task SendReceiverReportsAsync(RtspClient client, IngestRun run, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (run.BuildReceiverReport(_ssrc) is not { } rr) continue;
            foreach (var p in client.Tracks)
            {
                try
                {
                    await client.SendRtcpAsync(p.Index, rr, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
                {
                    // A lost RR is harmless; the receive loop reports a dead connection.
                }
            }
        }
    }

    private sealed class UdpSilentException : Exception;

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "camera {Camera}: no UDP packets within {Seconds} s of PLAY; using TCP")]
    private static partial void LogUdpFallback(ILogger logger, string camera, double seconds);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "camera {Camera}: RTP timestamps of track {Track} jumped by {Seconds:F3} s; track re-anchored by arrival")]
    private static partial void LogDiscontinuity(ILogger logger, string camera, int track, double seconds);
}
