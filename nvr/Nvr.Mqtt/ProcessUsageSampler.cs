namespace Nvr.Mqtt;

/// <summary>
/// CPU and memory of this process for <see cref="MqttStats"/>: CPU as a percentage of the whole
/// machine (0–100, all cores) since the previous <see cref="Sample"/>, and the resident set size.
/// The first sample reports CPU since the sampler was created. Thread-safe.
/// </summary>
public sealed class ProcessUsageSampler
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastTimestamp;
    private TimeSpan _lastCpu;

    public ProcessUsageSampler(TimeProvider time)
    {
        _time = time;
        _lastTimestamp = time.GetTimestamp();
        _lastCpu = Environment.CpuUsage.TotalTime;
    }

    public (double? CpuPercent, long RssBytes) Sample()
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var now = _time.GetTimestamp();
        double? percent;
        lock (_gate)
        {
            var wall = _time.GetElapsedTime(_lastTimestamp, now);
            percent = wall > TimeSpan.Zero
                ? Math.Clamp(100.0 * (cpu - _lastCpu).TotalSeconds / (wall.TotalSeconds * Environment.ProcessorCount), 0, 100)
                : null;
            _lastTimestamp = now;
            _lastCpu = cpu;
        }

        return (percent, Environment.WorkingSet);
    }
}
