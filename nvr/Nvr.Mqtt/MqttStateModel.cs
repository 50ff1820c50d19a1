using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt;

/// <summary>
/// What nvr shows on MQTT, derived from the camera list and the <see cref="EventBus"/>: per camera
/// status, reason, motion (with the off-delay), recording and snapshot; the event life cycles; and
/// the discovery configs. Every change becomes a message in the <see cref="MqttOutbox"/>; nothing
/// here touches the network, so it is tested without a broker. Thread-safe (one lock; the motion
/// off-delay timers call in from the thread pool).
/// </summary>
internal sealed partial class MqttStateModel : IDisposable
{
    /// <summary>The stream whose state is the camera's status (CameraSupervisor's name for it).</summary>
    public const string MainStream = "main";

    /// <summary>
    /// Largest snapshot published. 4 MiB: a 4K JPEG is well under 2 MiB; Home Assistant and
    /// Mosquitto both accept it (Mosquitto's limit is 256 MiB by default).
    /// </summary>
    public const int MaxSnapshotBytes = 4 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly MqttTopics _topics;
    private readonly MqttDevice _device;
    private readonly IMqttPlaybackLinks? _links;
    private readonly MqttOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _offDelay;
    private readonly bool _discovery;
    private readonly bool _stats;
    private readonly Dictionary<string, CameraEntry> _cameras = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (string Id, DateTimeOffset Start)> _paused = new(StringComparer.Ordinal);
    private (string Id, DateTimeOffset Start)? _diskLow;

    /// <param name="stats">Stats will be published: announce the sensors that read them.</param>
    public MqttStateModel(MqttTopics topics, MqttOptions options, MqttDevice device, IMqttPlaybackLinks? links, MqttOutbox outbox, TimeProvider time, ILogger logger, bool stats = true)
    {
        _topics = topics;
        _device = device;
        _links = links;
        _outbox = outbox;
        _time = time;
        _logger = logger;
        _offDelay = TimeSpan.FromSeconds(Math.Max(0, options.MotionOffDelaySeconds));
        _discovery = options.Discovery;
        _stats = stats && options.StatsIntervalSeconds > 0;
    }

    public MqttTopics Topics => _topics;

    public bool IsKnownCamera(string camera)
    {
        lock (_gate) return _cameras.ContainsKey(camera);
    }

    /// <summary><c>&lt;prefix&gt;/available</c>: online at start, offline on clean shutdown.</summary>
    public void SetAvailable(bool online) =>
        _outbox.SetRetained(_topics.Available, Encoding.ASCII.GetBytes(online ? MqttPayloads.Online : MqttPayloads.Offline), MqttQualityOfServiceLevel.AtLeastOnce);

    /// <summary>
    /// Takes the camera list as it is now: publishes each camera's retained state and the discovery
    /// configs, and deletes every owned retained topic that no longer belongs (removed cameras,
    /// old prefixes, discovery switched off). <paramref name="previouslyOwned"/>: the announcement
    /// store's topics from the last run, given once at start.
    /// </summary>
    public void Load(IReadOnlyList<MqttCameraInfo> cameras, IReadOnlyCollection<string>? previouslyOwned = null)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            _order.Clear();
            foreach (var info in cameras)
            {
                if (!MqttTopics.IsValidId(info.Id))
                {
                    LogInvalidCamera(_logger, info.Id);
                    continue;
                }

                if (!seen.Add(info.Id)) continue;
                _order.Add(info.Id);
                if (!_cameras.TryGetValue(info.Id, out var entry))
                {
                    entry = new CameraEntry(info.Id);
                    _cameras[info.Id] = entry;
                    if (info.Motion) entry.Motion.Update("state", true, now, _offDelay);
                }

                entry.Info = info;
                entry.State = info.Status;
                entry.Reason = info.Reason;
                entry.Recording = info.Recording;
                PublishCameraLocked(entry);
            }

            foreach (var gone in _cameras.Keys.Where(id => !seen.Contains(id)).ToList())
            {
                _cameras[gone].HoldTimer?.Dispose();
                _cameras.Remove(gone);
            }

            var expected = new HashSet<string>(StringComparer.Ordinal) { _topics.Available };
            if (_stats) expected.Add(_topics.Stats);
            foreach (var id in _order)
            {
                expected.Add(_topics.Status(id));
                expected.Add(_topics.StatusReason(id));
                expected.Add(_topics.Motion(id));
                expected.Add(_topics.Recording(id));
                expected.Add(_topics.Snapshot(id));
            }

            if (_discovery)
            {
                foreach (var (topic, payload) in HomeAssistantDiscovery.Build(_topics, _device, _order.Select(id => _cameras[id].Info), _stats))
                {
                    expected.Add(topic);
                    _outbox.SetRetained(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce);
                }
            }

            var owned = new HashSet<string>(_outbox.OwnedTopics, StringComparer.Ordinal);
            if (previouslyOwned is not null)
            {
                foreach (var topic in previouslyOwned)
                {
                    if (expected.Contains(topic)) _outbox.Adopt(topic);
                    else owned.Add(topic);
                }
            }

            foreach (var topic in owned)
            {
                if (expected.Contains(topic)) continue;
                _outbox.DeleteRetained(topic);
                LogRemoved(_logger, topic);
            }
        }
    }

    /// <summary>
    /// Applies one bus event. False when it names a camera that is not loaded (the caller reloads
    /// the camera list and tries again); events that only go to <c>&lt;prefix&gt;/events</c> are
    /// published whatever the camera.
    /// </summary>
    public bool Apply(NvrEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case CameraStateChanged c:
                    if (c.Stream != MainStream) return true;
                    if (!_cameras.TryGetValue(c.Camera, out var ce)) return false;
                    ApplyStateLocked(ce, c);
                    return true;
                case MotionChanged m:
                    if (!_cameras.TryGetValue(m.Camera, out var me)) return false;
                    ApplyMotionLocked(me, m);
                    return true;
                case RecordingChanged r:
                    if (!_cameras.TryGetValue(r.Camera, out var re)) return false;
                    re.Recording = r.Recording;
                    PublishCameraLocked(re);
                    return true;
                case SnapshotTaken s:
                    if (!_cameras.TryGetValue(s.Camera, out _)) return false;
                    if (s.Jpeg.Length is 0 or > MaxSnapshotBytes)
                    {
                        LogSnapshotSize(_logger, s.Camera, s.Jpeg.Length);
                        return true;
                    }

                    _outbox.SetRetained(_topics.Snapshot(s.Camera), s.Jpeg, MqttQualityOfServiceLevel.AtMostOnce);
                    return true;
                case RecordingGap g:
                    PublishInstantLocked(g.Camera, g.Stream, MqttEventKinds.RecordingGap, g.Start, g.End, new JsonObject
                    {
                        ["stream"] = g.Stream,
                        ["reason"] = g.Reason,
                        ["seconds"] = Math.Round((g.End - g.Start).TotalSeconds, 3),
                    }, links: true);
                    return true;
                case RecordingsDeleted d:
                    PublishInstantLocked(d.Camera, d.Stream, MqttEventKinds.Retention, d.From, d.To, new JsonObject
                    {
                        ["stream"] = d.Stream,
                        ["reason"] = d.Reason,
                        ["segments"] = d.Segments,
                        ["bytes"] = d.Bytes,
                    }, links: false);
                    return true;
                case RecordingPaused p:
                    ApplyPausedLocked(p);
                    return true;
                case DiskSpaceChanged k:
                    ApplyDiskLocked(k);
                    return true;
                case CameraEventReported x:
                    var data = new JsonObject();
                    if (x.Data is not null)
                    {
                        foreach (var (key, value) in x.Data) data[key] = value;
                    }

                    PublishEventLocked(x.Phase, x.Id, x.Camera, x.Kind, x.Start, x.End, data, links: true);
                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>The off-delay armed as <paramref name="generation"/> ran out.</summary>
    public void ExpireMotion(string camera, long generation)
    {
        lock (_gate)
        {
            if (!_cameras.TryGetValue(camera, out var entry) || !entry.Motion.Expire(generation)) return;
            entry.HoldTimer?.Dispose();
            entry.HoldTimer = null;
            MotionOffLocked(entry);
        }
    }

    /// <summary>Stops the off-delay timers.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _cameras.Values)
            {
                entry.HoldTimer?.Dispose();
                entry.HoldTimer = null;
            }
        }
    }

    /// <summary>Publishes a stats sample (retained, so a dashboard starting later has numbers at once).</summary>
    public void PublishStats(MqttStats stats, long reconnects)
    {
        var payload = MqttPayloadBuilder.Stats(stats, _time.GetUtcNow(), reconnects, _outbox.Dropped);
        _outbox.SetRetained(_topics.Stats, payload, MqttQualityOfServiceLevel.AtMostOnce);
    }

    private void ApplyStateLocked(CameraEntry entry, CameraStateChanged c)
    {
        entry.State = c.State;
        entry.Reason = c.Reason;
        PublishCameraLocked(entry);

        var status = MqttPayloads.Status(c.State);
        bool down = c.State is CameraState.Offline or CameraState.Unauthorized or CameraState.Error;
        var data = new JsonObject { ["status"] = status, ["reason"] = c.Reason };
        if (down && entry.Offline is null)
        {
            entry.Offline = (MqttEventKinds.Id(entry.Id, MqttEventKinds.CameraOffline, c.Time), c.Time, status, c.Reason);
            PublishEventLocked(EventPhase.New, entry.Offline.Value.Id, entry.Id, MqttEventKinds.CameraOffline, c.Time, null, data, links: true);
        }
        else if (down && entry.Offline is { } open && (open.Status != status || open.Reason != c.Reason))
        {
            entry.Offline = open with { Status = status, Reason = c.Reason };
            PublishEventLocked(EventPhase.Update, open.Id, entry.Id, MqttEventKinds.CameraOffline, open.Start, null, data, links: true);
        }
        else if (c.State is CameraState.Online or CameraState.Disabled && entry.Offline is { } closing)
        {
            entry.Offline = null;
            PublishEventLocked(EventPhase.End, closing.Id, entry.Id, MqttEventKinds.CameraOffline, closing.Start, c.Time, data, links: true);
        }
    }

    private void ApplyMotionLocked(CameraEntry entry, MotionChanged m)
    {
        switch (entry.Motion.Update(m.Source, m.Active, m.Time, _offDelay))
        {
            case MotionStep.On:
                entry.HoldTimer?.Dispose();
                entry.HoldTimer = null;
                entry.MotionSource = m.Source;
                PublishCameraLocked(entry);
                PublishEventLocked(EventPhase.New, MotionEventId(entry), entry.Id, MqttEventKinds.Motion, entry.Motion.Start, null,
                    new JsonObject { ["source"] = m.Source }, links: true);
                break;
            case MotionStep.Hold:
                entry.HoldTimer?.Dispose();
                var camera = entry.Id;
                long generation = entry.Motion.HoldGeneration;
                entry.HoldTimer = _time.CreateTimer(_ => ExpireMotion(camera, generation), null, _offDelay, Timeout.InfiniteTimeSpan);
                break;
            case MotionStep.Off:
                MotionOffLocked(entry);
                break;
            default:
                if (m.Active)
                {
                    // New activity during the hold: the armed timer is stale now (its generation no longer matches).
                    entry.HoldTimer?.Dispose();
                    entry.HoldTimer = null;
                }

                break;
        }
    }

    private void MotionOffLocked(CameraEntry entry)
    {
        PublishCameraLocked(entry);
        PublishEventLocked(EventPhase.End, MotionEventId(entry), entry.Id, MqttEventKinds.Motion, entry.Motion.Start, entry.Motion.LastActivityEnd,
            new JsonObject { ["source"] = entry.MotionSource }, links: true);
    }

    private static string MotionEventId(CameraEntry entry) => MqttEventKinds.Id(entry.Id, MqttEventKinds.Motion, entry.Motion.Start);

    private void ApplyPausedLocked(RecordingPaused p)
    {
        var key = p.Camera + "/" + p.Stream;
        var data = new JsonObject { ["stream"] = p.Stream, ["reason"] = p.Reason, ["message"] = p.Message };
        if (p.Paused && !_paused.ContainsKey(key))
        {
            var open = (MqttEventKinds.Id(p.Camera + "-" + p.Stream, MqttEventKinds.RecordingPaused, p.Time), p.Time);
            _paused[key] = open;
            PublishEventLocked(EventPhase.New, open.Item1, p.Camera, MqttEventKinds.RecordingPaused, p.Time, null, data, links: false);
        }
        else if (!p.Paused && _paused.Remove(key, out var closing))
        {
            PublishEventLocked(EventPhase.End, closing.Id, p.Camera, MqttEventKinds.RecordingPaused, closing.Start, p.Time, data, links: false);
        }
    }

    private void ApplyDiskLocked(DiskSpaceChanged k)
    {
        var data = new JsonObject
        {
            ["total_bytes"] = k.TotalBytes,
            ["free_bytes"] = k.FreeBytes,
            ["threshold_bytes"] = k.ThresholdBytes,
        };
        if (k.Low && _diskLow is null)
        {
            _diskLow = (MqttEventKinds.Id(null, MqttEventKinds.DiskLow, k.Time), k.Time);
            PublishEventLocked(EventPhase.New, _diskLow.Value.Id, null, MqttEventKinds.DiskLow, k.Time, null, data, links: false);
        }
        else if (!k.Low && _diskLow is { } open)
        {
            _diskLow = null;
            PublishEventLocked(EventPhase.End, open.Id, null, MqttEventKinds.DiskLow, open.Start, k.Time, data, links: false);
        }
    }

    private void PublishCameraLocked(CameraEntry entry)
    {
        var status = MqttPayloads.Status(entry.State);
        var reason = string.IsNullOrWhiteSpace(entry.Reason) ? status : entry.Reason;
        var qos = MqttQualityOfServiceLevel.AtLeastOnce;
        _outbox.SetRetained(_topics.Status(entry.Id), Encoding.UTF8.GetBytes(status), qos);
        _outbox.SetRetained(_topics.StatusReason(entry.Id), Encoding.UTF8.GetBytes(reason), qos);
        _outbox.SetRetained(_topics.Motion(entry.Id), Encoding.ASCII.GetBytes(entry.Motion.On ? MqttPayloads.On : MqttPayloads.Off), qos, keepEdges: true);
        _outbox.SetRetained(_topics.Recording(entry.Id), Encoding.ASCII.GetBytes(entry.Recording ? MqttPayloads.On : MqttPayloads.Off), qos);
    }

    /// <summary>An event known only once it is over: a <c>new</c> and an <c>end</c> message, so every event has both.</summary>
    private void PublishInstantLocked(string camera, string stream, string kind, DateTimeOffset start, DateTimeOffset end, JsonObject data, bool links)
    {
        var id = MqttEventKinds.Id(camera + "-" + stream, kind, start);
        PublishEventLocked(EventPhase.New, id, camera, kind, start, end, data, links);
        PublishEventLocked(EventPhase.End, id, camera, kind, start, end, data.DeepClone().AsObject(), links);
    }

    private void PublishEventLocked(EventPhase phase, string id, string? camera, string kind, DateTimeOffset start, DateTimeOffset? end, JsonObject data, bool links)
    {
        IReadOnlyDictionary<string, string>? playback = null;
        if (links && _links is not null && camera is not null)
        {
            try
            {
                playback = _links.For(camera, start, end);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLinksFailed(_logger, ex);
            }
        }

        var payload = MqttPayloadBuilder.Event(phase, id, camera, kind, start, end, data, playback);
        _outbox.Enqueue(_topics.Events, payload, MqttQualityOfServiceLevel.AtLeastOnce);
    }

    private sealed class CameraEntry(string id)
    {
        public string Id { get; } = id;
        public MqttCameraInfo Info { get; set; } = new(id, id);
        public CameraState State { get; set; } = CameraState.Connecting;
        public string Reason { get; set; } = "";
        public bool Recording { get; set; }
        public MotionTracker Motion { get; } = new();
        public string MotionSource { get; set; } = "";
        public ITimer? HoldTimer { get; set; }
        public (string Id, DateTimeOffset Start, string Status, string Reason)? Offline { get; set; }
    }
}
