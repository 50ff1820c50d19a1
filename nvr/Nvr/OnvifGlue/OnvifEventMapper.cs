using Nvr.Mqtt;
using Nvr.Onvif.Events;
using Nvr.Streaming.Events;

namespace Nvr.OnvifGlue;

/// <summary>
/// ONVIF notifications (ONVIF Core §9; topics per the Event Topic Set) of one camera onto the
/// <see cref="EventBus"/>: motion (any motion topic, any video source or rule) as
/// <see cref="MotionChanged"/> with source <c>onvif</c> — on while at least one source reports
/// motion; tamper and digital inputs as <see cref="CameraEventReported"/> with kinds
/// <c>tamper</c> and <c>digital_input</c>, one event per source from its true to its false.
/// <c>Initialized</c> messages (the state right after (re)subscribing) reconcile the same way,
/// so motion that ended while the camera rebooted is closed.
/// </summary>
public sealed class OnvifEventMapper(string camera, EventBus bus, TimeProvider time)
{
    public const string Tamper = "tamper";
    public const string DigitalInput = "digital_input";

    private readonly HashSet<string> _motion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Id, DateTimeOffset Start)> _open = new(StringComparer.Ordinal);
    private bool _motionActive;

    /// <summary>The subscriber's callback (called in order from its loop; no locking needed).</summary>
    public ValueTask OnEventAsync(OnvifEvent e, CancellationToken cancellationToken)
    {
        if (e.State is not { } on) return default;
        var key = e.Topic + "|" + (e.SourceToken ?? "");
        switch (e.Kind)
        {
            case OnvifEventKind.Motion:
                if (on) _motion.Add(key);
                else _motion.Remove(key);
                if (_motion.Count > 0 != _motionActive)
                {
                    _motionActive = _motion.Count > 0;
                    bus.Publish(new MotionChanged(time.GetUtcNow(), camera, _motionActive, "onvif"));
                }
                break;
            case OnvifEventKind.Tamper:
                Track(Tamper, key, on, e);
                break;
            case OnvifEventKind.DigitalInput:
                Track(DigitalInput, key, on, e);
                break;
        }
        return default;
    }

    private void Track(string kind, string key, bool on, OnvifEvent e)
    {
        key = kind + "|" + key;
        var now = time.GetUtcNow();
        var data = new Dictionary<string, string> { ["source"] = "onvif", ["topic"] = e.Topic };
        if (e.SourceToken is { } token) data["token"] = token;
        if (on && !_open.ContainsKey(key))
        {
            var id = MqttEventKinds.Id(camera, kind, now);
            _open[key] = (id, now);
            bus.Publish(new CameraEventReported(now, id, EventPhase.New, camera, kind, now, null, data));
        }
        else if (!on && _open.Remove(key, out var open))
        {
            bus.Publish(new CameraEventReported(now, open.Id, EventPhase.End, camera, kind, open.Start, now, data));
        }
    }
}
