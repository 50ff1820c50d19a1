using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.Events;

/// <summary>
/// Keeps the event index in step with the bus: motion periods (any source), events whose producer
/// tracks their life (<see cref="CameraEventReported"/>: external triggers), and camera outages
/// (main stream offline/unauthorized/error until online again). Ids follow MQTT's
/// <c>&lt;camera&gt;-&lt;kind&gt;-&lt;unix ms&gt;</c>, so a row and its MQTT events share an id.
/// </summary>
public sealed partial class EventIndexer(EventBus bus, EventStore store, ILogger<EventIndexer> logger) : BackgroundService
{
    private readonly Dictionary<string, string> _openMotion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _openOutage = new(StringComparer.Ordinal);
    private readonly EventSubscription _events = bus.Subscribe("event-index", capacity: 4096);

    private static readonly IReadOnlyDictionary<string, string> NoData = new Dictionary<string, string>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _events;
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    Apply(e);
                }
                catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
                {
                    LogStoreFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Apply(NvrEvent e)
    {
        switch (e)
        {
            case MotionChanged { Active: true } m when !_openMotion.ContainsKey(m.Camera):
                {
                    var id = MqttEventKinds.Id(m.Camera, MqttEventKinds.Motion, m.Time);
                    store.Upsert(new StoredEvent(id, m.Camera, MqttEventKinds.Motion, m.Time.UtcDateTime, null,
                        new Dictionary<string, string> { ["source"] = m.Source }));
                    _openMotion[m.Camera] = id;
                    break;
                }
            case MotionChanged { Active: false } m when _openMotion.Remove(m.Camera, out var id):
                store.End(id, m.Time.UtcDateTime);
                break;
            case CameraEventReported r when r.Phase == EventPhase.End && store.Get(r.Id) is not null:
                store.End(r.Id, (r.End ?? r.Time).UtcDateTime);
                break;
            case CameraEventReported r:
                store.Upsert(new StoredEvent(r.Id, r.Camera, r.Kind, r.Start.UtcDateTime, r.End?.UtcDateTime, r.Data ?? NoData));
                break;
            case CameraStateChanged s when s.Stream == "main":
                if (s.State is CameraState.Online && _openOutage.Remove(s.Camera, out var outage))
                {
                    store.End(outage, s.Time.UtcDateTime);
                }
                else if (s.State is CameraState.Offline or CameraState.Unauthorized or CameraState.Error && !_openOutage.ContainsKey(s.Camera))
                {
                    var id = MqttEventKinds.Id(s.Camera, MqttEventKinds.CameraOffline, s.Time);
                    store.Upsert(new StoredEvent(id, s.Camera, MqttEventKinds.CameraOffline, s.Time.UtcDateTime, null,
                        new Dictionary<string, string> { ["state"] = s.State.ToString().ToLowerInvariant(), ["reason"] = s.Reason }));
                    _openOutage[s.Camera] = id;
                }
                break;
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "event index write failed: {Error}")]
    private static partial void LogStoreFailed(ILogger logger, string error);
}
