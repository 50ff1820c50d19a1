namespace Nvr.Mqtt;

/// <summary>The recordings volume: its size, free space, and the bytes held by recordings.</summary>
public sealed record MqttDiskStats(long TotalBytes, long FreeBytes, long RecordingsBytes);
