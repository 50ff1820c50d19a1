namespace Nvr.Events;

/// <summary>One row of the event index: motion, an external trigger, a camera outage.</summary>
public sealed record StoredEvent(string Id, string? Camera, string Kind, DateTime Start, DateTime? End, IReadOnlyDictionary<string, string> Data);
