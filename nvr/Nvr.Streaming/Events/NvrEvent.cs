namespace Nvr.Streaming.Events;

/// <summary>
/// Something that happened, published on the in-process <see cref="EventBus"/>. Consumers (MQTT,
/// the event index, the API) pattern-match on the concrete record.
/// </summary>
public abstract record NvrEvent(DateTimeOffset Time);
