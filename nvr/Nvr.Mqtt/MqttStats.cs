namespace Nvr.Mqtt;

/// <summary>A stats sample. Null members are published as null (not known on this platform).</summary>
public sealed record MqttStats(TimeSpan Uptime, double? CpuPercent, long? RssBytes, MqttDiskStats? Disk, IReadOnlyList<MqttCameraStats> Cameras);
