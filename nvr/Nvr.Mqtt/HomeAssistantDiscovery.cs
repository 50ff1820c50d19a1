using System.Text.Json;
using Nvr.Mqtt.Json;

namespace Nvr.Mqtt;

/// <summary>
/// Builds Home Assistant MQTT discovery configs (pure). Topic:
/// <c>&lt;discovery&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c>, payload retained;
/// an empty retained payload removes the entity (HA docs, "MQTT Discovery").
/// <code>
/// per camera (device "&lt;node&gt;_&lt;camera&gt;", via the nvr device):
///   binary_sensor &lt;camera&gt;_motion        device_class motion        ← &lt;prefix&gt;/&lt;camera&gt;/motion
///   binary_sensor &lt;camera&gt;_connectivity  device_class connectivity  ← &lt;prefix&gt;/&lt;camera&gt;/status
///   switch        &lt;camera&gt;_recording     ↔ &lt;prefix&gt;/&lt;camera&gt;/recording, …/recording/set
///   sensor        &lt;camera&gt;_bitrate       kbit/s                     ← &lt;prefix&gt;/stats
///   camera        &lt;camera&gt;_snapshot      image                      ← &lt;prefix&gt;/&lt;camera&gt;/snapshot
///   button        &lt;camera&gt;_ptz_&lt;move&gt;  (PTZ cameras only)         → &lt;prefix&gt;/&lt;camera&gt;/ptz MOVE_LEFT … STOP
/// nvr device "&lt;node&gt;":
///   sensor disk_used (%), disk_free (GB), recordings_size (GB)  ← &lt;prefix&gt;/stats
/// </code>
/// unique_id is <c>&lt;node&gt;_&lt;object&gt;</c>; every entity is available while
/// <c>&lt;prefix&gt;/available</c> is <c>online</c>.
/// </summary>
internal static class HomeAssistantDiscovery
{
    private static readonly (string Name, string Payload, string Icon)[] PtzButtons =
    [
        ("PTZ left", "MOVE_LEFT", "mdi:arrow-left"), ("PTZ right", "MOVE_RIGHT", "mdi:arrow-right"),
        ("PTZ up", "MOVE_UP", "mdi:arrow-up"), ("PTZ down", "MOVE_DOWN", "mdi:arrow-down"),
        ("PTZ zoom in", "ZOOM_IN", "mdi:magnify-plus"), ("PTZ zoom out", "ZOOM_OUT", "mdi:magnify-minus"),
        ("PTZ stop", "STOP", "mdi:stop"),
    ];

    /// <summary>
    /// Every config for the box and <paramref name="cameras"/>, in a stable order. Without
    /// <paramref name="stats"/> the sensors that read <c>&lt;prefix&gt;/stats</c> are left out.
    /// </summary>
    public static List<KeyValuePair<string, byte[]>> Build(MqttTopics topics, MqttDevice device, IEnumerable<MqttCameraInfo> cameras, bool stats = true)
    {
        var result = new List<KeyValuePair<string, byte[]>>();
        var availability = new[]
        {
            new HomeAssistantAvailability { Topic = topics.Available, PayloadAvailable = MqttPayloads.Online, PayloadNotAvailable = MqttPayloads.Offline },
        };
        var origin = new HomeAssistantOrigin { Name = "nvr", SwVersion = device.SwVersion };
        var nvr = new HomeAssistantDevice
        {
            Identifiers = [topics.NodeId],
            Name = device.Name,
            Manufacturer = device.Manufacturer,
            Model = device.Model,
            SwVersion = device.SwVersion,
            ConfigurationUrl = device.ConfigurationUrl,
        };

        void Add(string component, string objectId, Func<string, HomeAssistantConfig> make)
        {
            var config = make(topics.NodeId + "_" + objectId);
            result.Add(new(topics.DiscoveryConfig(component, objectId), JsonSerializer.SerializeToUtf8Bytes(config, MqttJsonContext.Payloads.HomeAssistantConfig)));
        }

        foreach (var camera in cameras)
        {
            if (!MqttTopics.IsValidId(camera.Id)) continue;
            var id = camera.Id;
            var dev = new HomeAssistantDevice
            {
                Identifiers = [topics.NodeId + "_" + id],
                Name = camera.Name,
                Manufacturer = camera.Manufacturer ?? device.Manufacturer,
                Model = camera.Model ?? "IP camera",
                SwVersion = camera.Firmware ?? device.SwVersion,
                ConfigurationUrl = device.ConfigurationUrl,
                ViaDevice = topics.NodeId,
            };

            Add("binary_sensor", id + "_motion", uid => new HomeAssistantConfig
            {
                Name = "Motion",
                UniqueId = uid,
                StateTopic = topics.Motion(id),
                PayloadOn = MqttPayloads.On,
                PayloadOff = MqttPayloads.Off,
                DeviceClass = "motion",
                Qos = 1,
                Availability = availability,
                Device = dev,
                Origin = origin,
            });
            Add("binary_sensor", id + "_connectivity", uid => new HomeAssistantConfig
            {
                Name = "Connectivity",
                UniqueId = uid,
                StateTopic = topics.Status(id),
                ValueTemplate = "{{ 'ON' if value == 'online' else 'OFF' }}",
                PayloadOn = MqttPayloads.On,
                PayloadOff = MqttPayloads.Off,
                DeviceClass = "connectivity",
                EntityCategory = "diagnostic",
                Qos = 1,
                Availability = availability,
                Device = dev,
                Origin = origin,
            });
            Add("switch", id + "_recording", uid => new HomeAssistantConfig
            {
                Name = "Recording",
                UniqueId = uid,
                StateTopic = topics.Recording(id),
                CommandTopic = topics.RecordingSet(id),
                PayloadOn = MqttPayloads.On,
                PayloadOff = MqttPayloads.Off,
                Optimistic = false,
                Icon = "mdi:record-rec",
                Qos = 1,
                Availability = availability,
                Device = dev,
                Origin = origin,
            });
            if (stats) Add("sensor", id + "_bitrate", uid => new HomeAssistantConfig
            {
                Name = "Bitrate",
                UniqueId = uid,
                StateTopic = topics.Stats,
                ValueTemplate = "{{ value_json.cameras['" + id + "'].bitrate_kbps }}",
                DeviceClass = "data_rate",
                StateClass = "measurement",
                UnitOfMeasurement = "kbit/s",
                SuggestedDisplayPrecision = 0,
                EntityCategory = "diagnostic",
                Availability = availability,
                Device = dev,
                Origin = origin,
            });
            Add("camera", id + "_snapshot", uid => new HomeAssistantConfig
            {
                Name = "Snapshot",
                UniqueId = uid,
                Topic = topics.Snapshot(id),
                Availability = availability,
                Device = dev,
                Origin = origin,
            });
            if (camera.Ptz)
            {
                foreach (var (name, payload, icon) in PtzButtons)
                {
                    Add("button", id + "_ptz_" + payload.ToLowerInvariant(), uid => new HomeAssistantConfig
                    {
                        Name = name,
                        UniqueId = uid,
                        CommandTopic = topics.Ptz(id),
                        PayloadPress = payload,
                        Icon = icon,
                        Qos = 1,
                        Availability = availability,
                        Device = dev,
                        Origin = origin,
                    });
                }
            }
        }

        if (!stats) return result;
        Add("sensor", "disk_used", uid => new HomeAssistantConfig
        {
            Name = "Disk used",
            UniqueId = uid,
            StateTopic = topics.Stats,
            ValueTemplate = "{{ value_json.disk.used_percent }}",
            StateClass = "measurement",
            UnitOfMeasurement = "%",
            SuggestedDisplayPrecision = 1,
            Icon = "mdi:harddisk",
            Availability = availability,
            Device = nvr,
            Origin = origin,
        });
        Add("sensor", "disk_free", uid => new HomeAssistantConfig
        {
            Name = "Disk free",
            UniqueId = uid,
            StateTopic = topics.Stats,
            ValueTemplate = "{{ (value_json.disk.free_bytes / 1000000000) | round(2) }}",
            DeviceClass = "data_size",
            StateClass = "measurement",
            UnitOfMeasurement = "GB",
            SuggestedDisplayPrecision = 1,
            Availability = availability,
            Device = nvr,
            Origin = origin,
        });
        Add("sensor", "recordings_size", uid => new HomeAssistantConfig
        {
            Name = "Recordings size",
            UniqueId = uid,
            StateTopic = topics.Stats,
            ValueTemplate = "{{ (value_json.disk.recordings_bytes / 1000000000) | round(2) }}",
            DeviceClass = "data_size",
            StateClass = "measurement",
            UnitOfMeasurement = "GB",
            SuggestedDisplayPrecision = 1,
            Icon = "mdi:filmstrip-box-multiple",
            Availability = availability,
            Device = nvr,
            Origin = origin,
        });
        return result;
    }
}
