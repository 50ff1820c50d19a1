namespace Nvr.Streaming.Events;

/// <summary>Where an event with a duration is in its life: every event has one New and one End.</summary>
public enum EventPhase
{
    /// <summary>The event started.</summary>
    New,
    /// <summary>Something about an ongoing event changed (data, state).</summary>
    Update,
    /// <summary>The event is over; its end time is known.</summary>
    End,
}
