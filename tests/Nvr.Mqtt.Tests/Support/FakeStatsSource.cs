using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests.Support;

internal sealed class FakeStatsSource : IMqttStatsSource
{
    public MqttStats Stats { get; set; } = new(
        TimeSpan.FromSeconds(3723),
        12.34,
        150_000_000,
        new MqttDiskStats(64_000_000_000, 16_000_000_000, 40_000_000_000),
        [new MqttCameraStats("front", 2048.26, 25, 3, 1)]);

    public MqttStats GetStats() => Stats;
}
