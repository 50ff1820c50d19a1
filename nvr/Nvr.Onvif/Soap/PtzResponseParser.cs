namespace Nvr.Onvif.Soap;

/// <summary>PTZ service responses (ONVIF PTZ Service §5.4 presets). Throws only <see cref="OnvifMalformedResponseException"/>.</summary>
internal static class PtzResponseParser
{
    /// <summary>GetPresetsResponse/Preset[@token]/{Name, PTZPosition/{PanTilt[@x,@y], Zoom[@x]}}.</summary>
    public static IReadOnlyList<PtzPreset> ParsePresets(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "GetPresetsResponse", endpoint);
        var list = new List<PtzPreset>();
        foreach (var p in r.ChildrenNamed("Preset"))
        {
            var token = p.Attribute("token");
            if (string.IsNullOrEmpty(token)) continue;
            PtzVector? position = null;
            if (p.Child("PTZPosition") is { } pos)
            {
                var pt = pos.Child("PanTilt");
                var z = pos.Child("Zoom");
                position = new PtzVector(XsdValues.ParseFloat(pt?.Attribute("x")), XsdValues.ParseFloat(pt?.Attribute("y")), XsdValues.ParseFloat(z?.Attribute("x")));
            }

            list.Add(new PtzPreset(token, p.PathText("Name") ?? string.Empty, position));
        }

        return list;
    }

    /// <summary>SetPresetResponse/PresetToken.</summary>
    public static string ParseSetPreset(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "SetPresetResponse", endpoint);
        var token = r.PathText("PresetToken");
        if (string.IsNullOrEmpty(token)) throw DeviceResponseParser.Missing("PresetToken", endpoint);
        return token;
    }
}
