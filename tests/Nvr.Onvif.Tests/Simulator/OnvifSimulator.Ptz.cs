using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

public sealed partial class OnvifSimulator
{
    private readonly SortedDictionary<string, string> _presets = new(StringComparer.Ordinal);
    private int _nextPreset;

    /// <summary>Presets as token → name.</summary>
    public IReadOnlyDictionary<string, string> Presets { get { lock (_gate) return new Dictionary<string, string>(_presets); } }

    private void ResetPresets()
    {
        _presets["1"] = "Home";
        _presets["2"] = "Gate";
        _nextPreset = 3;
    }

    private static string? Child(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value;

    private static float? Attr(XElement? e, string name) =>
        e?.Attribute(name) is { } a && float.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private string PtzOperation(string name, XElement op)
    {
        if (!_options.Ptz) throw new SimulatorFault(500, "env:Receiver", "ter:ActionNotSupported", "no PTZ here");
        var profile = Child(op, "ProfileToken");
        if (Profiles.All(p => p.Token != profile)) throw new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", $"no profile '{profile}'");
        switch (name)
        {
            case "ContinuousMove":
                {
                    var velocity = op.Elements().FirstOrDefault(e => e.Name.LocalName == "Velocity");
                    var pt = velocity?.Elements().FirstOrDefault(e => e.Name.LocalName == "PanTilt");
                    var zoom = velocity?.Elements().FirstOrDefault(e => e.Name.LocalName == "Zoom");
                    Ptz(new SimulatorPtzCall(name, profile, Attr(pt, "x"), Attr(pt, "y"), Attr(zoom, "x"), null, null, Child(op, "Timeout")));
                    return "<tptz:ContinuousMoveResponse/>";
                }

            case "Stop":
                Ptz(new SimulatorPtzCall(name, profile, null, null, null, null, null, null, Child(op, "PanTilt"), Child(op, "Zoom")));
                return "<tptz:StopResponse/>";
            case "GetPresets":
                {
                    var sb = new StringBuilder("<tptz:GetPresetsResponse>");
                    lock (_gate)
                    {
                        foreach (var (token, presetName) in _presets)
                        {
                            sb.Append(CultureInfo.InvariantCulture, $"<tptz:Preset token=\"{Esc(token)}\"><tt:Name>{Esc(presetName)}</tt:Name><tt:PTZPosition><tt:PanTilt x=\"0.1\" y=\"-0.2\" space=\"http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace\"/><tt:Zoom x=\"0.3\" space=\"http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace\"/></tt:PTZPosition></tptz:Preset>");
                        }
                    }

                    return sb.Append("</tptz:GetPresetsResponse>").ToString();
                }

            case "GotoPreset":
                {
                    var token = Child(op, "PresetToken");
                    lock (_gate)
                    {
                        if (token is null || !_presets.ContainsKey(token)) throw new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", $"no preset '{token}'");
                    }

                    var speed = op.Elements().FirstOrDefault(e => e.Name.LocalName == "Speed");
                    var pt = speed?.Elements().FirstOrDefault(e => e.Name.LocalName == "PanTilt");
                    var zoom = speed?.Elements().FirstOrDefault(e => e.Name.LocalName == "Zoom");
                    Ptz(new SimulatorPtzCall(name, profile, Attr(pt, "x"), Attr(pt, "y"), Attr(zoom, "x"), token, null, null));
                    return "<tptz:GotoPresetResponse/>";
                }

            case "SetPreset":
                {
                    var token = Child(op, "PresetToken");
                    var presetName = Child(op, "PresetName");
                    lock (_gate)
                    {
                        token ??= (_nextPreset++).ToString(CultureInfo.InvariantCulture);
                        _presets[token] = presetName ?? ("Preset " + token);
                    }

                    Ptz(new SimulatorPtzCall(name, profile, null, null, null, token, presetName, null));
                    return $"<tptz:SetPresetResponse><tptz:PresetToken>{Esc(token)}</tptz:PresetToken></tptz:SetPresetResponse>";
                }

            default:
                {
                    var token = Child(op, "PresetToken") ?? "";
                    lock (_gate) _presets.Remove(token);
                    Ptz(new SimulatorPtzCall(name, profile, null, null, null, token, null, null));
                    return "<tptz:RemovePresetResponse/>";
                }
        }
    }

    private void Ptz(SimulatorPtzCall call)
    {
        lock (_gate) _ptzCalls.Add(call);
    }
}
