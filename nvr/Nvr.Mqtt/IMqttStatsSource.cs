namespace Nvr.Mqtt;

/// <summary>
/// Numbers for <c>&lt;prefix&gt;/stats</c>, read every <see cref="MqttOptions.StatsIntervalSeconds"/>
/// on a background thread. Implemented by the executable (<see cref="ProcessUsageSampler"/> helps
/// with CPU and RSS). List every camera (Home Assistant's bitrate sensors read
/// <c>cameras['&lt;id&gt;']</c>) and give <see cref="MqttStats.Disk"/> (the disk sensors read it).
/// Without a stats source those sensors are not announced.
/// </summary>
public interface IMqttStatsSource
{
    MqttStats GetStats();
}
