namespace Nvr.Streaming.Events;

/// <summary>
/// An event whose life cycle its producer already tracks (an external trigger posted to the API,
/// an event loaded from storage): consumers pass it on as is. <paramref name="Id"/> is stable across
/// its phases; <paramref name="Camera"/> is null for events of the whole box.
/// </summary>
public sealed record CameraEventReported(
    DateTimeOffset Time,
    string Id,
    EventPhase Phase,
    string? Camera,
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset? End,
    IReadOnlyDictionary<string, string>? Data)
    : NvrEvent(Time);
