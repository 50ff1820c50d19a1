using System.Xml;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif;

public sealed partial class OnvifDevice
{
    /// <summary>ContinuousMove (ONVIF PTZ §5.3.3): moves at <paramref name="velocity"/> until Stop or <paramref name="timeout"/>.</summary>
    public async Task ContinuousMoveAsync(string profileToken, PtzVector velocity, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileToken);
        await PtzCallAsync("ContinuousMove", w =>
        {
            w.WriteStartElement("tptz", "ContinuousMove", OnvifNamespaces.Ptz);
            w.WriteElementString("tptz", "ProfileToken", OnvifNamespaces.Ptz, profileToken);
            WriteVector(w, "Velocity", velocity);
            if (timeout is { } t) w.WriteElementString("tptz", "Timeout", OnvifNamespaces.Ptz, XsdValues.FormatDuration(t));
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stop (ONVIF PTZ §5.3.5) pan/tilt and/or zoom movement.</summary>
    public async Task StopAsync(string profileToken, bool panTilt = true, bool zoom = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileToken);
        await PtzCallAsync("Stop", w =>
        {
            w.WriteStartElement("tptz", "Stop", OnvifNamespaces.Ptz);
            w.WriteElementString("tptz", "ProfileToken", OnvifNamespaces.Ptz, profileToken);
            w.WriteElementString("tptz", "PanTilt", OnvifNamespaces.Ptz, panTilt ? "true" : "false");
            w.WriteElementString("tptz", "Zoom", OnvifNamespaces.Ptz, zoom ? "true" : "false");
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GetPresets (ONVIF PTZ §5.4.1).</summary>
    public async Task<IReadOnlyList<PtzPreset>> GetPresetsAsync(string profileToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileToken);
        var (body, endpoint) = await PtzCallAsync("GetPresets", w =>
        {
            w.WriteStartElement("tptz", "GetPresets", OnvifNamespaces.Ptz);
            w.WriteElementString("tptz", "ProfileToken", OnvifNamespaces.Ptz, profileToken);
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
        return PtzResponseParser.ParsePresets(body, endpoint);
    }

    /// <summary>GotoPreset (ONVIF PTZ §5.4.3), optionally at <paramref name="speed"/>.</summary>
    public async Task GotoPresetAsync(string profileToken, string presetToken, PtzVector? speed = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileToken);
        ArgumentException.ThrowIfNullOrEmpty(presetToken);
        await PtzCallAsync("GotoPreset", w =>
        {
            w.WriteStartElement("tptz", "GotoPreset", OnvifNamespaces.Ptz);
            w.WriteElementString("tptz", "ProfileToken", OnvifNamespaces.Ptz, profileToken);
            w.WriteElementString("tptz", "PresetToken", OnvifNamespaces.Ptz, presetToken);
            if (speed is { } s) WriteVector(w, "Speed", s);
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// SetPreset (ONVIF PTZ §5.4.2): stores the current position under <paramref name="name"/>;
    /// overwrites <paramref name="presetToken"/> when given. Returns the preset's token.
    /// </summary>
    public async Task<string> SetPresetAsync(string profileToken, string? name = null, string? presetToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileToken);
        var (body, endpoint) = await PtzCallAsync("SetPreset", w =>
        {
            w.WriteStartElement("tptz", "SetPreset", OnvifNamespaces.Ptz);
            w.WriteElementString("tptz", "ProfileToken", OnvifNamespaces.Ptz, profileToken);
            if (name is not null) w.WriteElementString("tptz", "PresetName", OnvifNamespaces.Ptz, name);
            if (presetToken is not null) w.WriteElementString("tptz", "PresetToken", OnvifNamespaces.Ptz, presetToken);
            w.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);
        return PtzResponseParser.ParseSetPreset(body, endpoint);
    }

    private async Task<(XmlElementNode Body, Uri Endpoint)> PtzCallAsync(string operation, Action<XmlWriter> writeBody, CancellationToken cancellationToken)
    {
        var services = await GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        var ptz = services.PtzAddress ?? throw new OnvifException("device offers no PTZ service", DeviceServiceAddress);
        var body = await CallAsync(ptz, OnvifNamespaces.Ptz, operation, writeBody, cancellationToken).ConfigureAwait(false);
        return (body, ptz);
    }

    /// <summary>tt:PTZSpeed / tt:PTZVector: <c>&lt;tt:PanTilt x= y=/&gt;&lt;tt:Zoom x=/&gt;</c>.</summary>
    private static void WriteVector(XmlWriter w, string element, PtzVector v)
    {
        w.WriteStartElement("tptz", element, OnvifNamespaces.Ptz);
        if (v.HasPanTilt)
        {
            w.WriteStartElement("tt", "PanTilt", OnvifNamespaces.Schema);
            w.WriteAttributeString("x", XsdValues.FormatFloat(v.Pan ?? 0));
            w.WriteAttributeString("y", XsdValues.FormatFloat(v.Tilt ?? 0));
            w.WriteEndElement();
        }

        if (v.HasZoom)
        {
            w.WriteStartElement("tt", "Zoom", OnvifNamespaces.Schema);
            w.WriteAttributeString("x", XsdValues.FormatFloat(v.Zoom!.Value));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
