using System.Text;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt;

/// <summary>The fixed text payloads (Home Assistant's defaults where one exists) and their parsing.</summary>
public static class MqttPayloads
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string On = "ON";
    public const string Off = "OFF";

    /// <summary>
    /// The <c>&lt;camera&gt;/status</c> payload for a <see cref="CameraState"/>: the four
    /// values. Connecting and Disabled have no media, so they are <c>offline</c> (the reason says why).
    /// </summary>
    public static string Status(CameraState state) => state switch
    {
        CameraState.Online => Online,
        CameraState.Unauthorized => "unauthorized",
        CameraState.Error => "error",
        _ => Offline,
    };

    /// <summary>ON/OFF, case-insensitive, surrounding white space ignored (MQTT switch commands).</summary>
    public static bool TryParseOnOff(ReadOnlySpan<byte> payload, out bool on)
    {
        payload = payload.Trim(" \t\r\n"u8);
        if (payload.Length == 2 && Ascii.EqualsIgnoreCase(payload, "ON"u8))
        {
            on = true;
            return true;
        }

        if (payload.Length == 3 && Ascii.EqualsIgnoreCase(payload, "OFF"u8))
        {
            on = false;
            return true;
        }

        on = false;
        return false;
    }
}
