using Nvr.Configuration;
using Nvr.Mqtt;
using Nvr.Onvif;

namespace Nvr.OnvifGlue;

/// <summary>
/// PTZ of ONVIF cameras (ONVIF PTZ service §5.3 ContinuousMove/Stop, §5.4 presets) for the HTTP API
/// and MQTT's <c>&lt;prefix&gt;/&lt;camera&gt;/ptz</c> commands, on the camera's main profile.
/// Failures come back as an HTTP status and a message: 404 unknown camera or preset, 409 no
/// ONVIF/PTZ, 503 device not connected (with its error), 400 bad request, 502 device fault.
/// </summary>
public sealed class OnvifPtz(NvrOptions options, OnvifCameras cameras)
{
    private static readonly TimeSpan MaxMoveTimeout = TimeSpan.FromMinutes(1);

    public async Task<(int Status, string? Error, PtzResponse? Result)> ExecuteAsync(string camera, PtzRequest request, CancellationToken cancellationToken)
    {
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not ("move" or "stop" or "goto" or "set")) return (400, "Action must be move, stop, goto or set", null);
        if (action == "move")
        {
            if (request.Pan is null && request.Tilt is null && request.Zoom is null) return (400, "move needs Pan, Tilt and/or Zoom", null);
            foreach (var v in new[] { request.Pan, request.Tilt, request.Zoom })
            {
                if (v is { } f && !(f >= -1 && f <= 1)) return (400, "Pan, Tilt and Zoom must be between -1 and 1", null);
            }
            if (request.TimeoutMs is { } ms && (ms <= 0 || TimeSpan.FromMilliseconds(ms) > MaxMoveTimeout)) return (400, "TimeoutMs must be between 1 and 60000", null);
        }
        if (action == "goto" && string.IsNullOrWhiteSpace(request.Preset)) return (400, "goto needs Preset (token or name)", null);
        if (action == "set" && string.IsNullOrWhiteSpace(request.Name)) return (400, "set needs Name", null);

        var (status, error, device, token) = Resolve(camera);
        if (device is null) return (status, error, null);
        try
        {
            switch (action)
            {
                case "move":
                    await device.ContinuousMoveAsync(token!, new PtzVector(request.Pan, request.Tilt, request.Zoom),
                        request.TimeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null, cancellationToken).ConfigureAwait(false);
                    return (200, null, new PtzResponse(action, null));
                case "stop":
                    await device.StopAsync(token!, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return (200, null, new PtzResponse(action, null));
                case "goto":
                    {
                        var presets = await device.GetPresetsAsync(token!, cancellationToken).ConfigureAwait(false);
                        var wanted = request.Preset!.Trim();
                        var preset = presets.FirstOrDefault(p => p.Token == wanted)
                            ?? presets.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase));
                        if (preset is null) return (404, $"camera '{camera}' has no preset '{wanted}'", null);
                        await device.GotoPresetAsync(token!, preset.Token, cancellationToken: cancellationToken).ConfigureAwait(false);
                        return (200, null, new PtzResponse(action, preset.Token));
                    }
                default:
                    {
                        var presetToken = await device.SetPresetAsync(token!, request.Name!.Trim(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        return (200, null, new PtzResponse(action, presetToken));
                    }
            }
        }
        catch (OnvifException e)
        {
            return (502, OnvifErrors.Describe(e), null);
        }
    }

    public async Task<(int Status, string? Error, PtzPresetInfo[]? Presets)> GetPresetsAsync(string camera, CancellationToken cancellationToken)
    {
        var (status, error, device, token) = Resolve(camera);
        if (device is null) return (status, error, null);
        try
        {
            var presets = await device.GetPresetsAsync(token!, cancellationToken).ConfigureAwait(false);
            return (200, null, presets.Select(p => new PtzPresetInfo(p.Token, p.Name)).ToArray());
        }
        catch (OnvifException e)
        {
            return (502, OnvifErrors.Describe(e), null);
        }
    }

    /// <summary>
    /// An MQTT command (<see cref="MqttPtzCommand"/>, the Frigate vocabulary) as a request:
    /// MOVE_* and ZOOM_* move at <c>Onvif:PtzSpeed</c> until STOP; PRESET_&lt;name&gt; goes to the
    /// preset with that token or name. Null for an unknown command.
    /// </summary>
    public PtzRequest? FromMqtt(string command)
    {
        float s = (float)options.Onvif.PtzSpeed;
        return command switch
        {
            "MOVE_LEFT" => new PtzRequest("move", Pan: -s, Tilt: 0),
            "MOVE_RIGHT" => new PtzRequest("move", Pan: s, Tilt: 0),
            "MOVE_UP" => new PtzRequest("move", Pan: 0, Tilt: s),
            "MOVE_DOWN" => new PtzRequest("move", Pan: 0, Tilt: -s),
            "ZOOM_IN" => new PtzRequest("move", Zoom: s),
            "ZOOM_OUT" => new PtzRequest("move", Zoom: -s),
            "STOP" => new PtzRequest("stop"),
            _ when command.StartsWith(MqttPtzCommand.PresetPrefix, StringComparison.Ordinal) =>
                new PtzRequest("goto", Preset: command[MqttPtzCommand.PresetPrefix.Length..]),
            _ => null,
        };
    }

    private (int Status, string? Error, OnvifDevice? Device, string? Token) Resolve(string camera)
    {
        var config = options.Cameras.FirstOrDefault(c => c.Id == camera);
        if (config is null) return (404, $"no camera '{camera}'", null, null);
        var runtime = cameras.Find(camera);
        if (runtime is null) return (409, $"camera '{camera}' has no ONVIF address (Cameras:…:Onvif) or is disabled", null, null);
        if (runtime.Device is not { } d) return (503, $"camera '{camera}' ONVIF is not connected: {runtime.Error ?? "connecting"}", null, null);
        if (!d.HasPtz) return (409, $"camera '{camera}' has no PTZ", null, null);
        return (0, null, d.Device, d.ProfileToken);
    }
}
