namespace Nvr.Streaming.Events;

/// <summary>A fresh JPEG still of <paramref name="Camera"/>. The bytes are shared and must not be changed.</summary>
public sealed record SnapshotTaken(DateTimeOffset Time, string Camera, ReadOnlyMemory<byte> Jpeg)
    : NvrEvent(Time);
