using System.Text;
using System.Text.Json;
using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class HomeAssistantDiscoveryTests
{
    private static readonly MqttTopics Topics = new("nvr", "homeassistant", "nvr");
    private static readonly MqttDevice Device = new("NVR", "0.1.0", "http://nvr.local:8080/");
    private static readonly MqttCameraInfo Front = new("front", "Front door") { Manufacturer = "Acme", Model = "X1" };

    private const string Availability = ""","availability":[{"topic":"nvr/available","payload_available":"online","payload_not_available":"offline"}]""";
    private const string FrontDevice = ""","device":{"identifiers":["nvr_front"],"name":"Front door","manufacturer":"Acme","model":"X1","sw_version":"0.1.0","configuration_url":"http://nvr.local:8080/","via_device":"nvr"}""";
    private const string NvrDevice = ""","device":{"identifiers":["nvr"],"name":"NVR","manufacturer":"Nvr","model":"Nvr network video recorder","sw_version":"0.1.0","configuration_url":"http://nvr.local:8080/"}""";
    private const string Origin = ""","origin":{"name":"nvr","sw_version":"0.1.0"}""";

    public static TheoryData<string, string> Golden => new()
    {
        {
            "homeassistant/binary_sensor/nvr/front_motion/config",
            """{"name":"Motion","unique_id":"nvr_front_motion","state_topic":"nvr/front/motion","payload_on":"ON","payload_off":"OFF","device_class":"motion","qos":1""" + Availability + FrontDevice + Origin + "}"
        },
        {
            "homeassistant/binary_sensor/nvr/front_connectivity/config",
            """{"name":"Connectivity","unique_id":"nvr_front_connectivity","state_topic":"nvr/front/status","value_template":"{{ 'ON' if value == 'online' else 'OFF' }}","payload_on":"ON","payload_off":"OFF","device_class":"connectivity","entity_category":"diagnostic","qos":1""" + Availability + FrontDevice + Origin + "}"
        },
        {
            "homeassistant/switch/nvr/front_recording/config",
            """{"name":"Recording","unique_id":"nvr_front_recording","state_topic":"nvr/front/recording","command_topic":"nvr/front/recording/set","payload_on":"ON","payload_off":"OFF","optimistic":false,"icon":"mdi:record-rec","qos":1""" + Availability + FrontDevice + Origin + "}"
        },
        {
            "homeassistant/sensor/nvr/front_bitrate/config",
            """{"name":"Bitrate","unique_id":"nvr_front_bitrate","state_topic":"nvr/stats","value_template":"{{ value_json.cameras['front'].bitrate_kbps }}","device_class":"data_rate","state_class":"measurement","unit_of_measurement":"kbit/s","suggested_display_precision":0,"entity_category":"diagnostic""" + "\"" + Availability + FrontDevice + Origin + "}"
        },
        {
            "homeassistant/camera/nvr/front_snapshot/config",
            """{"name":"Snapshot","unique_id":"nvr_front_snapshot","topic":"nvr/front/snapshot""" + "\"" + Availability + FrontDevice + Origin + "}"
        },
        {
            "homeassistant/sensor/nvr/disk_used/config",
            """{"name":"Disk used","unique_id":"nvr_disk_used","state_topic":"nvr/stats","value_template":"{{ value_json.disk.used_percent }}","state_class":"measurement","unit_of_measurement":"%","suggested_display_precision":1,"icon":"mdi:harddisk""" + "\"" + Availability + NvrDevice + Origin + "}"
        },
        {
            "homeassistant/sensor/nvr/disk_free/config",
            """{"name":"Disk free","unique_id":"nvr_disk_free","state_topic":"nvr/stats","value_template":"{{ (value_json.disk.free_bytes / 1000000000) | round(2) }}","device_class":"data_size","state_class":"measurement","unit_of_measurement":"GB","suggested_display_precision":1""" + Availability + NvrDevice + Origin + "}"
        },
        {
            "homeassistant/sensor/nvr/recordings_size/config",
            """{"name":"Recordings size","unique_id":"nvr_recordings_size","state_topic":"nvr/stats","value_template":"{{ (value_json.disk.recordings_bytes / 1000000000) | round(2) }}","device_class":"data_size","state_class":"measurement","unit_of_measurement":"GB","suggested_display_precision":1,"icon":"mdi:filmstrip-box-multiple""" + "\"" + Availability + NvrDevice + Origin + "}"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Builds_the_golden_config(string topic, string json)
    {
        var configs = HomeAssistantDiscovery.Build(Topics, Device, [Front]).ToDictionary(c => c.Key, c => Encoding.UTF8.GetString(c.Value));
        Assert.True(configs.ContainsKey(topic), $"no config on {topic}; have {string.Join(", ", configs.Keys)}");
        Assert.Equal(json, configs[topic]);
    }

    [Fact]
    public void Ptz_cameras_get_seven_buttons_that_publish_the_ptz_commands()
    {
        var configs = HomeAssistantDiscovery.Build(Topics, Device, [Front with { Ptz = true }]).ToDictionary(c => c.Key, c => Encoding.UTF8.GetString(c.Value));
        var buttons = configs.Where(c => c.Key.StartsWith("homeassistant/button/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, buttons.Count);
        Assert.Equal(
            """{"name":"PTZ left","unique_id":"nvr_front_ptz_move_left","command_topic":"nvr/front/ptz","payload_press":"MOVE_LEFT","icon":"mdi:arrow-left","qos":1""" + Availability + FrontDevice + Origin + "}",
            configs["homeassistant/button/nvr/front_ptz_move_left/config"]);
        foreach (var (_, json) in buttons)
        {
            var press = JsonDocument.Parse(json).RootElement.GetProperty("payload_press").GetString()!;
            Assert.True(MqttPtzCommand.TryParse(press, out var parsed) && parsed == press, press);
        }
        Assert.DoesNotContain(HomeAssistantDiscovery.Build(Topics, Device, [Front]), c => c.Key.Contains("/button/", StringComparison.Ordinal));
    }

    [Fact]
    public void Announces_five_entities_per_camera_and_three_for_the_box_with_unique_ids()
    {
        var cameras = new[] { Front, new MqttCameraInfo("back", "Back yard"), new MqttCameraInfo("garage-2", "Garage") };
        var configs = HomeAssistantDiscovery.Build(Topics, Device, cameras);
        Assert.Equal(5 * 3 + 3, configs.Count);
        Assert.Equal(configs.Count, configs.Select(c => c.Key).Distinct().Count());
        var uniqueIds = new HashSet<string>();
        foreach (var (topic, payload) in configs)
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            Assert.True(uniqueIds.Add(root.GetProperty("unique_id").GetString()!), topic);
            var device = root.GetProperty("device");
            Assert.NotEmpty(device.GetProperty("identifiers").EnumerateArray());
            foreach (var key in new[] { "name", "manufacturer", "model", "sw_version", "configuration_url" })
                Assert.False(string.IsNullOrEmpty(device.GetProperty(key).GetString()), $"{topic}: device.{key}");
            Assert.Equal("nvr/available", root.GetProperty("availability")[0].GetProperty("topic").GetString());
        }
    }

    [Fact]
    public void Camera_devices_fall_back_to_the_box_identity_when_onvif_said_nothing()
    {
        var configs = HomeAssistantDiscovery.Build(Topics, Device with { ConfigurationUrl = null }, [new MqttCameraInfo("back", "Back")]);
        using var doc = JsonDocument.Parse(configs[0].Value);
        var device = doc.RootElement.GetProperty("device");
        Assert.Equal("Nvr", device.GetProperty("manufacturer").GetString());
        Assert.Equal("IP camera", device.GetProperty("model").GetString());
        Assert.Equal("0.1.0", device.GetProperty("sw_version").GetString());
        Assert.False(device.TryGetProperty("configuration_url", out _));
    }

    [Fact]
    public void Without_stats_the_sensors_that_read_them_are_not_announced()
    {
        var configs = HomeAssistantDiscovery.Build(Topics, Device, [Front], stats: false);
        Assert.Equal(
            ["homeassistant/binary_sensor/nvr/front_connectivity/config", "homeassistant/binary_sensor/nvr/front_motion/config",
             "homeassistant/camera/nvr/front_snapshot/config", "homeassistant/switch/nvr/front_recording/config"],
            configs.Select(c => c.Key).Order());
    }

    [Fact]
    public void Skips_cameras_whose_id_cannot_be_a_topic_level()
    {
        var configs = HomeAssistantDiscovery.Build(Topics, Device, [new MqttCameraInfo("a/b", "bad")]);
        Assert.Equal(3, configs.Count);
    }
}
