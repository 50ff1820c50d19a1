using Microsoft.Extensions.Hosting.Systemd;

namespace Nvr.Hosting;

/// <summary>
/// sd_notify(3) protocol: <c>READY=1</c> once the host has started (every hosted service's
/// StartAsync has returned, so every listener is bound), <c>WATCHDOG=1</c> at half of
/// <c>WATCHDOG_USEC</c>, <c>STOPPING=1</c> on shutdown.
/// </summary>
/// <remarks>
/// This honours <c>NOTIFY_SOCKET</c> whoever set it (systemd, a test, another supervisor); the
/// Hosting.Systemd lifetime is not used because it only activates when the parent process is
/// systemd. <see cref="SystemdNotifier"/> from Microsoft.Extensions.Hosting.Systemd does the socket
/// work (including abstract-namespace sockets).
/// </remarks>
public sealed partial class SystemdNotifyService(
    IHostApplicationLifetime lifetime,
    Readiness readiness,
    TimeProvider time,
    ILogger<SystemdNotifyService> logger) : BackgroundService
{
    private readonly SystemdNotifier _notifier = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            readiness.MarkReady();
            if (_notifier.IsEnabled) _notifier.Notify(new ServiceState("READY=1\nSTATUS=running"));
            LogReady(logger);
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            if (_notifier.IsEnabled) _notifier.Notify(ServiceState.Stopping);
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = WatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"));
        if (interval is null || !_notifier.IsEnabled) return;
        var watchdog = new ServiceState("WATCHDOG=1");
        using var timer = new PeriodicTimer(interval.Value, time);
        try
        {
            do
            {
                _notifier.Notify(watchdog);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Half of WATCHDOG_USEC, as systemd recommends (sd_watchdog_enabled(3)).</summary>
    internal static TimeSpan? WatchdogInterval(string? watchdogUsec) =>
        long.TryParse(watchdogUsec, out var usec) && usec > 0 ? TimeSpan.FromMicroseconds(usec / 2.0) : null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "nvr is ready")]
    private static partial void LogReady(ILogger logger);
}
