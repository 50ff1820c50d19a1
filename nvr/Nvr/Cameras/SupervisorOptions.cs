namespace Nvr.Cameras;

/// <summary>Timing of <see cref="CameraSupervisor"/>; defaults from the camera-ingest issue.</summary>
public sealed class SupervisorOptions
{
    /// <summary>No RTSP answer and no media for this long means reconnect, even with the socket open.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a failure, doubling up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Cap for retries while nothing listens (connection refused/unreachable). A refused SYN costs
    /// the camera nothing, and a rebooted camera must be back online within ~2 s of listening.
    /// </summary>
    public TimeSpan MaxUnreachableBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wrong credentials: start slower and cap higher, never hammer the camera's auth.</summary>
    public TimeSpan InitialAuthBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxAuthBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Online this long resets the backoff.</summary>
    public TimeSpan HealthyPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the stall watchdog looks.</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
