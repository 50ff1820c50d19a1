using System.Net;

namespace Nvr.Onvif.Soap;

/// <summary>Device addresses: parsing what people type, rewriting what devices report.</summary>
internal static class OnvifUris
{
    /// <summary>The device service path every ONVIF device serves (ONVIF Core §5.1.1).</summary>
    public const string DefaultDeviceServicePath = "/onvif/device_service";

    /// <summary>
    /// Accepts <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a full <c>http(s)://…</c> URL; a URL
    /// without a path gets <see cref="DefaultDeviceServicePath"/>. Credentials in the URL are refused
    /// (they belong in <see cref="OnvifCredentials"/>).
    /// </summary>
    public static Uri ParseDeviceAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        address = address.Trim();
        string candidate = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{address}' is not a host, host:port or http(s) URL", nameof(address));
        }

        if (uri.UserInfo.Length > 0) throw new ArgumentException("put credentials in the username and password, not in the address", nameof(address));
        if (uri.AbsolutePath is "" or "/")
        {
            uri = new UriBuilder(uri) { Path = DefaultDeviceServicePath }.Uri;
        }

        return uri;
    }

    /// <summary>An absolute http(s) URI from a device-reported address, or null.</summary>
    public static Uri? ParseHttp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return null;
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    /// <summary>
    /// A service address the device reported, moved to the host (and port and scheme) we reached
    /// the device service on when its host differs. Hikvision and Dahua behind NAT/port forwarding
    /// report their LAN address; some report 0.0.0.0 or a stale DHCP address.
    /// </summary>
    public static Uri RewriteServiceAddress(Uri reported, Uri used)
    {
        if (SameHost(reported, used)) return reported;
        return new UriBuilder(reported) { Scheme = used.Scheme, Host = used.Host, Port = used.Port }.Uri;
    }

    /// <summary>A media (RTSP/snapshot) URI moved to the host we used; its own port is kept.</summary>
    public static Uri RewriteMediaHost(Uri reported, Uri used)
    {
        if (SameHost(reported, used)) return reported;
        return new UriBuilder(reported) { Host = used.Host }.Uri;
    }

    /// <summary>The URI without user:password@ (some firmwares embed credentials in stream URIs).</summary>
    public static Uri StripUserInfo(Uri uri)
    {
        if (uri.UserInfo.Length == 0) return uri;
        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
    }

    private static bool SameHost(Uri a, Uri b)
    {
        if (string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(a.IdnHost, out var ia) && IPAddress.TryParse(b.IdnHost, out var ib) && ia.Equals(ib);
    }
}
