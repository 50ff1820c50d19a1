using Nvr.Configuration;
using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>
/// Whether each camera records, switchable at runtime (API, MQTT). Starts from the configuration's
/// <c>Record</c>; every change is announced as <see cref="RecordingChanged"/>.
/// </summary>
public sealed class RecordingSwitch
{
    private readonly Dictionary<string, bool> _enabled;
    private readonly EventBus _bus;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    public RecordingSwitch(NvrOptions options, EventBus bus, TimeProvider time)
    {
        _enabled = options.Cameras.ToDictionary(c => c.Id, c => c.Record && c.Enabled, StringComparer.Ordinal);
        _bus = bus;
        _time = time;
    }

    /// <summary>Raised after a change (camera, enabled, reason), before the event is published.</summary>
    public event Action<string, bool, string>? Changed;

    public bool IsEnabled(string camera)
    {
        lock (_gate) return _enabled.TryGetValue(camera, out var e) && e;
    }

    /// <summary>Registers a camera added at runtime (no announcement: its recorder starts in this state).</summary>
    public void Add(string camera, bool enabled)
    {
        lock (_gate) _enabled.TryAdd(camera, enabled);
    }

    /// <summary>Sets the switch; false for an unknown camera. Announces the state even if unchanged
    /// (a command deserves an answer on the state topic).</summary>
    public bool Set(string camera, bool enabled, string reason)
    {
        lock (_gate)
        {
            if (!_enabled.ContainsKey(camera)) return false;
            _enabled[camera] = enabled;
        }
        Changed?.Invoke(camera, enabled, reason);
        _bus.Publish(new RecordingChanged(_time.GetUtcNow(), camera, enabled, reason));
        return true;
    }
}
