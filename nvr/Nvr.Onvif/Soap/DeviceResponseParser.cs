using System.Globalization;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Device service responses (ONVIF Core §8: GetSystemDateAndTime §8.3.8, GetDeviceInformation
/// §8.3.1, GetCapabilities §8.1.1, GetServices §8.1.2). Each takes the SOAP Body element and
/// throws only <see cref="OnvifMalformedResponseException"/>.
/// </summary>
internal static class DeviceResponseParser
{
    /// <summary>
    /// The device's UTC time. Uses UTCDateTime; devices that only fill LocalDateTime (seen on
    /// older Dahua and TP-Link firmware) are converted with the POSIX TZ string they report.
    /// </summary>
    public static (DateTimeOffset DeviceUtc, bool Ntp, string? TimeZone) ParseSystemDateAndTime(XmlElementNode body, Uri? endpoint = null)
    {
        var sdt = SoapResponseReader.ResponseElement(body, "GetSystemDateAndTimeResponse", endpoint).Child("SystemDateAndTime")
            ?? throw Missing("SystemDateAndTime", endpoint);
        bool ntp = string.Equals(sdt.PathText("DateTimeType"), "NTP", StringComparison.OrdinalIgnoreCase);
        string? tz = sdt.PathText("TimeZone", "TZ");
        if (sdt.Child("UTCDateTime") is { } utc && ParseDateTimeElement(utc) is { } u)
        {
            return (new DateTimeOffset(u, TimeSpan.Zero), ntp, tz);
        }

        if (sdt.Child("LocalDateTime") is { } local && ParseDateTimeElement(local) is { } l)
        {
            var offset = tz is null ? TimeSpan.Zero : PosixTimeZoneOffset(tz) ?? TimeSpan.Zero;
            return (new DateTimeOffset(DateTime.SpecifyKind(l + offset, DateTimeKind.Unspecified), TimeSpan.Zero), ntp, tz);
        }

        throw new OnvifMalformedResponseException(OnvifResponseError.InvalidValue, "GetSystemDateAndTime has neither a valid UTCDateTime nor LocalDateTime", endpoint);
    }

    /// <summary>
    /// The standard-time offset of a POSIX TZ string (IEEE 1003.1 §8.3), in the POSIX sense: the
    /// value to add to local time to get UTC ("CST-8" → −8 h). Null when it cannot be read.
    /// </summary>
    internal static TimeSpan? PosixTimeZoneOffset(string tz)
    {
        int i = 0;
        if (i < tz.Length && tz[i] == '<')
        {
            int close = tz.IndexOf('>', StringComparison.Ordinal);
            if (close < 0) return null;
            i = close + 1;
        }
        else
        {
            while (i < tz.Length && char.IsAsciiLetter(tz[i])) i++;
        }

        if (i == 0 || i >= tz.Length) return null;
        int sign = 1;
        if (tz[i] is '+' or '-')
        {
            sign = tz[i] == '-' ? -1 : 1;
            i++;
        }

        int start = i;
        while (i < tz.Length && (char.IsAsciiDigit(tz[i]) || tz[i] == ':')) i++;
        var parts = tz[start..i].Split(':');
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || h > 24) return null;
        int m = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mm) && mm < 60 ? mm : 0;
        return sign * new TimeSpan(h, m, 0);
    }

    private static DateTime? ParseDateTimeElement(XmlElementNode e)
    {
        var date = e.Child("Date");
        var time = e.Child("Time");
        if (date is null || time is null) return null;
        int? y = XsdValues.ParseInt(date.PathText("Year")), mo = XsdValues.ParseInt(date.PathText("Month")), d = XsdValues.ParseInt(date.PathText("Day"));
        int? h = XsdValues.ParseInt(time.PathText("Hour")), mi = XsdValues.ParseInt(time.PathText("Minute")), s = XsdValues.ParseInt(time.PathText("Second"));
        if (y is not (>= 1970 and <= 9000) || mo is not (>= 1 and <= 12) || d is not (>= 1 and <= 31)
            || h is not (>= 0 and <= 23) || mi is not (>= 0 and <= 59) || s is not (>= 0 and <= 60))
        {
            return null;
        }

        if (d > DateTime.DaysInMonth(y.Value, mo.Value)) return null;
        // A leap second (60) is clamped: DateTime cannot hold it.
        return new DateTime(y.Value, mo.Value, d.Value, h.Value, mi.Value, Math.Min(s.Value, 59), DateTimeKind.Utc);
    }

    public static OnvifDeviceInfo ParseDeviceInformation(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "GetDeviceInformationResponse", endpoint);
        return new OnvifDeviceInfo(
            r.PathText("Manufacturer") ?? string.Empty,
            r.PathText("Model") ?? string.Empty,
            r.PathText("FirmwareVersion") ?? string.Empty,
            r.PathText("SerialNumber") ?? string.Empty,
            r.PathText("HardwareId") ?? string.Empty);
    }

    /// <summary>GetCapabilities: service XAddrs as reported (not yet rewritten).</summary>
    public static OnvifCapabilities ParseCapabilities(XmlElementNode body, Uri deviceAddress, Uri? endpoint = null)
    {
        var caps = SoapResponseReader.ResponseElement(body, "GetCapabilitiesResponse", endpoint).Child("Capabilities")
            ?? throw Missing("Capabilities", endpoint);
        var events = caps.Child("Events");
        return new OnvifCapabilities
        {
            DeviceAddress = OnvifUris.ParseHttp(caps.PathText("Device", "XAddr")) ?? deviceAddress,
            MediaAddress = OnvifUris.ParseHttp(caps.PathText("Media", "XAddr")),
            EventsAddress = OnvifUris.ParseHttp(events?.PathText("XAddr")),
            PtzAddress = OnvifUris.ParseHttp(caps.PathText("PTZ", "XAddr")),
            ImagingAddress = OnvifUris.ParseHttp(caps.PathText("Imaging", "XAddr")),
            PullPointSupport = events is not null && XsdValues.ParseBool(events.PathText("WSPullPointSupport")) != false,
        };
    }

    public static IReadOnlyList<OnvifServiceInfo> ParseServices(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "GetServicesResponse", endpoint);
        var list = new List<OnvifServiceInfo>();
        foreach (var s in r.ChildrenNamed("Service"))
        {
            var ns = s.PathText("Namespace");
            var addr = OnvifUris.ParseHttp(s.PathText("XAddr"));
            if (string.IsNullOrEmpty(ns) || addr is null) continue;
            list.Add(new OnvifServiceInfo(ns, addr, XsdValues.ParseInt(s.PathText("Version", "Major")) ?? 0, XsdValues.ParseInt(s.PathText("Version", "Minor")) ?? 0));
        }

        return list;
    }

    /// <summary>Capabilities from a GetServices list (events are assumed to support PullPoint: ONVIF Profile S/T require it).</summary>
    public static OnvifCapabilities FromServices(IReadOnlyList<OnvifServiceInfo> services, Uri deviceAddress)
    {
        Uri? Find(string ns) => services.FirstOrDefault(s => s.Namespace == ns)?.Address;
        return new OnvifCapabilities
        {
            DeviceAddress = Find(OnvifNamespaces.Device) ?? deviceAddress,
            MediaAddress = Find(OnvifNamespaces.Media),
            Media2Address = Find(OnvifNamespaces.Media2),
            EventsAddress = Find(OnvifNamespaces.Events),
            PtzAddress = Find(OnvifNamespaces.Ptz),
            ImagingAddress = Find(OnvifNamespaces.Imaging),
            PullPointSupport = Find(OnvifNamespaces.Events) is not null,
        };
    }

    internal static OnvifMalformedResponseException Missing(string what, Uri? endpoint) =>
        new(OnvifResponseError.MissingElement, $"response has no <{what}>", endpoint);
}
