using Nvr.Onvif.Soap;

namespace Nvr.Onvif;

public sealed partial class OnvifDevice
{
    /// <summary>
    /// Media profiles: Media2 GetProfiles (type All) when the device offers Media2 and
    /// <see cref="OnvifClientOptions.PreferMedia2"/> is set, else (or when Media2 fails) Media1.
    /// </summary>
    public async Task<IReadOnlyList<OnvifMediaProfile>> GetProfilesAsync(CancellationToken cancellationToken = default)
    {
        var services = await GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        if (Options.PreferMedia2 && services.Media2Address is { } media2)
        {
            try
            {
                var body2 = await CallAsync(media2, OnvifNamespaces.Media2, "GetProfiles", w =>
                {
                    w.WriteStartElement("tr2", "GetProfiles", OnvifNamespaces.Media2);
                    w.WriteElementString("tr2", "Type", OnvifNamespaces.Media2, "All");
                    w.WriteEndElement();
                }, cancellationToken).ConfigureAwait(false);
                var profiles2 = MediaResponseParser.ParseProfiles(body2, media2: true, media2);
                if (profiles2.Count > 0 || services.MediaAddress is null) return profiles2;
            }
            catch (OnvifException e) when (services.MediaAddress is not null && e is not OnvifFaultException { IsNotAuthorized: true })
            {
                // Early Media2 implementations (some 2018–2019 Hikvision and Uniview firmware) fault on
                // GetProfiles; Media1 still works.
            }
        }

        var media = services.MediaAddress ?? throw new OnvifException("device offers no media service", DeviceServiceAddress);
        var body = await CallAsync(media, OnvifNamespaces.Media, "GetProfiles", w => Empty(w, "trt", "GetProfiles", OnvifNamespaces.Media), cancellationToken).ConfigureAwait(false);
        return MediaResponseParser.ParseProfiles(body, media2: false, media);
    }

    /// <summary>
    /// The RTSP URI of <paramref name="profile"/> (RTP unicast over RTSP), through the service the
    /// profile came from. Credentials embedded by the device are removed.
    /// </summary>
    public async Task<Uri> GetStreamUriAsync(OnvifMediaProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var services = await GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        Uri uri;
        if (profile.IsMedia2 && services.Media2Address is { } media2)
        {
            var body = await CallAsync(media2, OnvifNamespaces.Media2, "GetStreamUri", w =>
            {
                w.WriteStartElement("tr2", "GetStreamUri", OnvifNamespaces.Media2);
                // "RTSP" = RTP unicast over RTSP/TCP or UDP, chosen by the client (Media2 §5.7.1).
                w.WriteElementString("tr2", "Protocol", OnvifNamespaces.Media2, "RTSP");
                w.WriteElementString("tr2", "ProfileToken", OnvifNamespaces.Media2, profile.Token);
                w.WriteEndElement();
            }, cancellationToken).ConfigureAwait(false);
            uri = MediaResponseParser.ParseMediaUri(body, "GetStreamUriResponse", media2);
        }
        else
        {
            var media = services.MediaAddress ?? throw new OnvifException("device offers no media service", DeviceServiceAddress);
            var body = await CallAsync(media, OnvifNamespaces.Media, "GetStreamUri", w =>
            {
                w.WriteStartElement("trt", "GetStreamUri", OnvifNamespaces.Media);
                w.WriteStartElement("trt", "StreamSetup", OnvifNamespaces.Media);
                w.WriteElementString("tt", "Stream", OnvifNamespaces.Schema, "RTP-Unicast");
                w.WriteStartElement("tt", "Transport", OnvifNamespaces.Schema);
                w.WriteElementString("tt", "Protocol", OnvifNamespaces.Schema, "RTSP");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteElementString("trt", "ProfileToken", OnvifNamespaces.Media, profile.Token);
                w.WriteEndElement();
            }, cancellationToken).ConfigureAwait(false);
            uri = MediaResponseParser.ParseMediaUri(body, "GetStreamUriResponse", media);
        }

        return CleanMediaUri(uri);
    }

    /// <summary>The JPEG snapshot URI of <paramref name="profile"/>; credentials removed.</summary>
    public async Task<Uri> GetSnapshotUriAsync(OnvifMediaProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var services = await GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        Uri uri;
        if (profile.IsMedia2 && services.Media2Address is { } media2)
        {
            var body = await CallAsync(media2, OnvifNamespaces.Media2, "GetSnapshotUri", w =>
            {
                w.WriteStartElement("tr2", "GetSnapshotUri", OnvifNamespaces.Media2);
                w.WriteElementString("tr2", "ProfileToken", OnvifNamespaces.Media2, profile.Token);
                w.WriteEndElement();
            }, cancellationToken).ConfigureAwait(false);
            uri = MediaResponseParser.ParseMediaUri(body, "GetSnapshotUriResponse", media2);
        }
        else
        {
            var media = services.MediaAddress ?? throw new OnvifException("device offers no media service", DeviceServiceAddress);
            var body = await CallAsync(media, OnvifNamespaces.Media, "GetSnapshotUri", w =>
            {
                w.WriteStartElement("trt", "GetSnapshotUri", OnvifNamespaces.Media);
                w.WriteElementString("trt", "ProfileToken", OnvifNamespaces.Media, profile.Token);
                w.WriteEndElement();
            }, cancellationToken).ConfigureAwait(false);
            uri = MediaResponseParser.ParseMediaUri(body, "GetSnapshotUriResponse", media);
        }

        return CleanMediaUri(uri);
    }

    /// <summary>
    /// Removes embedded credentials; with <see cref="OnvifClientOptions.RewriteMediaUriHost"/>, moves
    /// RTSP URIs to the host used (keeping the RTSP port) and HTTP(S) URIs (snapshots, served by the
    /// same web server as ONVIF on every camera we know) to the host and port used.
    /// </summary>
    private Uri CleanMediaUri(Uri uri)
    {
        uri = OnvifUris.StripUserInfo(uri);
        if (!Options.RewriteMediaUriHost) return uri;
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps
            ? OnvifUris.RewriteServiceAddress(uri, DeviceServiceAddress)
            : OnvifUris.RewriteMediaHost(uri, DeviceServiceAddress);
    }
}
