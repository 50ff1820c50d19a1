using Nvr.Configuration;
using Nvr.Hls;
using Nvr.Streaming;

namespace Nvr.HlsGlue;

/// <summary>
/// Owns the server's <see cref="HlsMuxerHost"/>: runs its idle sweep for the life of the
/// process and, on shutdown, stops every muxer (held requests are answered, run loops awaited)
/// within the host's shutdown budget.
/// </summary>
public sealed partial class HlsHostedService : BackgroundService
{
    private readonly ILogger<HlsHostedService> _log;

    public HlsHostedService(FeedRegistry feeds, NvrOptions options, TimeProvider time, ILogger<HlsHostedService> log)
    {
        _log = log;
        Host = new HlsMuxerHost(feeds, options.Hls.ToOptions(), time, (feed, e) => MuxerFailed(_log, feed, e));
    }

    public HlsMuxerHost Host { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Host.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HLS muxer of {Feed} failed")]
    private static partial void MuxerFailed(ILogger logger, string feed, Exception exception);
}
