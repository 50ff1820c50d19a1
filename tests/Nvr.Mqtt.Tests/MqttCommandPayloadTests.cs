using System.Text;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt.Tests;

public sealed class MqttCommandPayloadTests
{
    [Theory]
    [InlineData("MOVE_LEFT", true, "MOVE_LEFT")]
    [InlineData("move_right", true, "MOVE_RIGHT")]
    [InlineData(" MOVE_UP\n", true, "MOVE_UP")]
    [InlineData("MOVE_DOWN", true, "MOVE_DOWN")]
    [InlineData("zoom_in", true, "ZOOM_IN")]
    [InlineData("ZOOM_OUT", true, "ZOOM_OUT")]
    [InlineData("stop", true, "STOP")]
    [InlineData("PRESET_Gate", true, "PRESET_Gate")]
    [InlineData("preset_2", true, "PRESET_2")]
    [InlineData("PRESET_front door", true, "PRESET_front door")]
    [InlineData("PRESET_", false, "")]
    [InlineData("PRESET_a/b", false, "")]
    [InlineData("MOVE", false, "")]
    [InlineData("", false, "")]
    [InlineData("reboot", false, "")]
    public void Parses_ptz_payloads(string payload, bool ok, string expected)
    {
        Assert.Equal(ok, MqttPtzCommand.TryParse(Encoding.UTF8.GetBytes(payload), out var command));
        Assert.Equal(expected, command);
    }

    [Fact]
    public void Refuses_ptz_payloads_that_are_not_utf8_or_too_long()
    {
        Assert.False(MqttPtzCommand.TryParse(new byte[] { 0xff, 0xfe }, out _));
        Assert.False(MqttPtzCommand.TryParse(Encoding.ASCII.GetBytes("PRESET_" + new string('a', 100)), out _));
    }

    [Theory]
    [InlineData("ON", true, true)]
    [InlineData("on", true, true)]
    [InlineData(" OFF\r\n", true, false)]
    [InlineData("Off", true, false)]
    [InlineData("true", false, false)]
    [InlineData("", false, false)]
    [InlineData("ONN", false, false)]
    public void Parses_switch_payloads(string payload, bool ok, bool on)
    {
        Assert.Equal(ok, MqttPayloads.TryParseOnOff(Encoding.ASCII.GetBytes(payload), out var value));
        Assert.Equal(on, value);
    }

    [Theory]
    [InlineData(CameraState.Online, "online")]
    [InlineData(CameraState.Offline, "offline")]
    [InlineData(CameraState.Connecting, "offline")]
    [InlineData(CameraState.Disabled, "offline")]
    [InlineData(CameraState.Unauthorized, "unauthorized")]
    [InlineData(CameraState.Error, "error")]
    public void Maps_camera_states_to_the_four_status_payloads(CameraState state, string expected) =>
        Assert.Equal(expected, MqttPayloads.Status(state));
}
