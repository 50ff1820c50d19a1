using System.Text;

namespace Nvr.Mqtt;

/// <summary>
/// Payloads of <c>&lt;prefix&gt;/&lt;camera&gt;/ptz</c> (the Frigate vocabulary): <c>MOVE_LEFT</c>,
/// <c>MOVE_RIGHT</c>, <c>MOVE_UP</c>, <c>MOVE_DOWN</c>, <c>ZOOM_IN</c>, <c>ZOOM_OUT</c>, <c>STOP</c>,
/// <c>PRESET_&lt;name&gt;</c>. Keywords are case-insensitive and normalised to upper case; a preset
/// name keeps its case (ONVIF preset tokens are case-sensitive).
/// </summary>
public static class MqttPtzCommand
{
    /// <summary>Longest payload accepted.</summary>
    public const int MaxLength = 80;

    public const string PresetPrefix = "PRESET_";

    private static readonly string[] Keywords = ["MOVE_LEFT", "MOVE_RIGHT", "MOVE_UP", "MOVE_DOWN", "ZOOM_IN", "ZOOM_OUT", "STOP"];

    /// <summary>Parses a UTF-8 payload; surrounding white space is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out string command)
    {
        command = "";
        if (payload.Length > MaxLength * 4) return false;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(payload).Trim();
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return TryParse(text, out command);
    }

    /// <summary>Parses a payload already decoded.</summary>
    public static bool TryParse(string text, out string command)
    {
        command = "";
        text = text.Trim();
        if (text.Length is 0 or > MaxLength) return false;
        foreach (var keyword in Keywords)
        {
            if (text.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                command = keyword;
                return true;
            }
        }

        if (text.StartsWith(PresetPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = text.AsSpan(PresetPrefix.Length);
            if (name.Length == 0) return false;
            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ' or '.')) return false;
            }

            command = PresetPrefix + name.ToString();
            return true;
        }

        return false;
    }
}
