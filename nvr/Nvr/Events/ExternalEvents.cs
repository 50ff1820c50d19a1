using System.Text.RegularExpressions;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.Events;

/// <summary>
/// Events marked from outside (<c>POST /api/cameras/{id}/events</c>: home automation, a door
/// sensor). Kind <c>motion</c> behaves exactly like a camera's own motion: a <see cref="MotionChanged"/>
/// from source <c>api</c> now and its end at the event's end (MQTT adds its off-delay). Other kinds
/// are <see cref="CameraEventReported"/> New, then End at the event's end.
/// </summary>
public sealed partial class ExternalEvents(EventBus bus, TimeProvider time) : IDisposable
{
    private readonly object _gate = new();
    private readonly List<ITimer> _pending = [];

    public StoredEvent Report(string camera, string kind, DateTimeOffset start, DateTimeOffset end, IReadOnlyDictionary<string, string> data)
    {
        var now = time.GetUtcNow();
        var id = MqttEventKinds.Id(camera, kind, kind == MqttEventKinds.Motion ? now : start);
        if (kind == MqttEventKinds.Motion)
        {
            bus.Publish(new MotionChanged(now, camera, true, "api"));
            At(end, () => bus.Publish(new MotionChanged(time.GetUtcNow(), camera, false, "api")));
            return new StoredEvent(id, camera, kind, now.UtcDateTime, end.UtcDateTime, data);
        }
        bus.Publish(new CameraEventReported(now, id, EventPhase.New, camera, kind, start, null, data));
        At(end, () => bus.Publish(new CameraEventReported(time.GetUtcNow(), id, EventPhase.End, camera, kind, start, end, data)));
        return new StoredEvent(id, camera, kind, start.UtcDateTime, end.UtcDateTime, data);
    }

    private void At(DateTimeOffset when, Action action)
    {
        var delay = when - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            action();
            return;
        }
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            action();
            lock (_gate) _pending.Remove(timer!);
            timer!.Dispose();
        }, null, delay, Timeout.InfiniteTimeSpan);
        lock (_gate) _pending.Add(timer);
    }

    public static bool IsValidKind(string kind) => KindPattern().IsMatch(kind);

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex KindPattern();

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var t in _pending) t.Dispose();
            _pending.Clear();
        }
    }
}
