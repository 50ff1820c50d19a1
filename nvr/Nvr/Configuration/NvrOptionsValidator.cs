using System.Net;
using System.Text.RegularExpressions;

namespace Nvr.Configuration;

/// <summary>
/// Start-up validation of <see cref="NvrOptions"/>. The first problem found is thrown as a
/// <see cref="ConfigException"/> whose key uses configuration syntax (<c>Cameras:1:Url</c>), so the
/// user can find it in the file or override it with <c>NVR__Cameras__1__Url</c>.
/// </summary>
public static partial class NvrOptionsValidator
{
    public static readonly string[] Transports = ["auto", "tcp", "udp", "multicast"];

    public static void Validate(NvrOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.DataDir)) throw new ConfigException("DataDir", "must not be empty");

        var ports = new Dictionary<int, string>();
        Listener("Http", o.Http, ports);
        Listener("Rtsp", o.Rtsp, ports);
        Listener("Rtmp", o.Rtmp, ports);
        if (o.Rtmp.MaxConnections is < 1 or > 100_000) throw new ConfigException("Rtmp:MaxConnections", $"{o.Rtmp.MaxConnections} must be 1-100000");
        o.Rtsp.Validate();

        Positive("Ingest:StallTimeoutSeconds", o.Ingest.StallTimeoutSeconds, 3600);
        Positive("Ingest:RequestTimeoutSeconds", o.Ingest.RequestTimeoutSeconds, 3600);
        Positive("Ingest:UdpFallbackSeconds", o.Ingest.UdpFallbackSeconds, 3600);

        Positive("Onvif:ClockSkewWarningSeconds", o.Onvif.ClockSkewWarningSeconds, 86400);
        Positive("Onvif:EventTerminationSeconds", o.Onvif.EventTerminationSeconds, 3600);
        Positive("Onvif:RequestTimeoutSeconds", o.Onvif.RequestTimeoutSeconds, 120);
        if (o.Onvif.PtzSpeed is <= 0 or > 1) throw new ConfigException("Onvif:PtzSpeed", $"{o.Onvif.PtzSpeed} must be greater than 0 and at most 1");

        Positive("Recording:SegmentSeconds", o.Recording.SegmentSeconds, 3600);
        Positive("Recording:FragmentSeconds", o.Recording.FragmentSeconds, 60);
        Positive("Recording:SyncIntervalSeconds", o.Recording.SyncIntervalSeconds, 3600);
        Positive("Recording:ClockJumpToleranceSeconds", o.Recording.ClockJumpToleranceSeconds, 3600);
        if (o.Recording.MinFreePercent is < 0 or > 90) throw new ConfigException("Recording:MinFreePercent", $"{o.Recording.MinFreePercent} must be between 0 and 90");
        if (o.Recording.MinFreeBytes < 0) throw new ConfigException("Recording:MinFreeBytes", "must not be negative");
        if (o.Recording.MaxAgeDays < 0) throw new ConfigException("Recording:MaxAgeDays", "must not be negative");
        if (o.Recording.MaxBytes < 0) throw new ConfigException("Recording:MaxBytes", "must not be negative");
        try
        {
            o.Recording.ToOptions(o).Validate("Recording");
        }
        catch (ArgumentException e)
        {
            var colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            throw colon > 0 ? new ConfigException(e.Message[..colon], e.Message[(colon + 2)..]) : new ConfigException("Recording", e.Message);
        }

        Hls(o.Hls);

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < o.Users.Count; i++)
        {
            var u = o.Users[i];
            if (u is null || string.IsNullOrEmpty(u.Name)) throw new ConfigException($"Users:{i}:Name", "is required");
            if (u.Name.Contains(':', StringComparison.Ordinal)) throw new ConfigException($"Users:{i}:Name", "must not contain ':'");
            if (names.TryGetValue(u.Name, out var other)) throw new ConfigException($"Users:{i}:Name", $"duplicate user '{u.Name}' (already Users:{other})");
            names[u.Name] = i;
            // No default or empty passwords: every protocol authenticates.
            if (string.IsNullOrEmpty(u.Password) || u.Password.Length < 8)
            {
                throw new ConfigException($"Users:{i}:Password", "must be at least 8 characters");
            }
        }

        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < o.Cameras.Count; i++)
        {
            var c = o.Cameras[i];
            var key = $"Cameras:{i}";
            if (c is null) throw new ConfigException(key, "empty camera entry");
            if (string.IsNullOrEmpty(c.Id)) throw new ConfigException($"{key}:Id", "is required");
            if (!CameraId().IsMatch(c.Id))
            {
                throw new ConfigException($"{key}:Id", $"'{c.Id}' must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-' (it is used in URLs and file paths)");
            }
            if (ids.TryGetValue(c.Id, out var first))
            {
                throw new ConfigException($"{key}:Id", $"duplicate camera id '{c.Id}' (already used by Cameras:{first})");
            }
            ids[c.Id] = i;
            if (c.StreamKey is not null)
            {
                PublishSource(key, c);
            }
            else
            {
                RtspUrl($"{key}:Url", c.Url, required: true);
                RtspUrl($"{key}:SubUrl", c.SubUrl, required: false);
            }
            if (c.Onvif is not null && string.IsNullOrWhiteSpace(c.Onvif)) throw new ConfigException($"{key}:Onvif", "must not be empty (remove it instead)");
            if (c.MaxAgeDays < 0) throw new ConfigException($"{key}:MaxAgeDays", "must not be negative");
            if (c.MaxBytes < 0) throw new ConfigException($"{key}:MaxBytes", "must not be negative");
            if (!Transports.Contains(c.Transport, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConfigException($"{key}:Transport", $"'{c.Transport}' must be one of {string.Join(", ", Transports)}");
            }
        }
    }

    private static void Hls(HlsSection h)
    {
        if (!(h.SegmentSeconds is >= 0.5 and <= 30)) throw new ConfigException("Hls:SegmentSeconds", $"{h.SegmentSeconds} must be between 0.5 and 30");
        if (!(h.LowLatencySegmentSeconds is >= 0.5 and <= 30)) throw new ConfigException("Hls:LowLatencySegmentSeconds", $"{h.LowLatencySegmentSeconds} must be between 0.5 and 30");
        if (h.PartMilliseconds < 50 || h.PartMilliseconds > h.LowLatencySegmentSeconds * 1000)
        {
            throw new ConfigException("Hls:PartMilliseconds", $"{h.PartMilliseconds} must be between 50 and Hls:LowLatencySegmentSeconds in milliseconds");
        }
        if (h.WindowSegments is < 3 or > 100) throw new ConfigException("Hls:WindowSegments", $"{h.WindowSegments} must be between 3 and 100");
        Positive("Hls:IdleTimeoutSeconds", h.IdleTimeoutSeconds, 3600);
        Positive("Hls:StartTimeoutSeconds", h.StartTimeoutSeconds, 300);
        if (h.MaxMegabytesPerOutput is < 1 or > 4096) throw new ConfigException("Hls:MaxMegabytesPerOutput", $"{h.MaxMegabytesPerOutput} must be between 1 and 4096");
        if (h.CorsOrigin is null || h.CorsOrigin.Any(char.IsControl)) throw new ConfigException("Hls:CorsOrigin", "must be '*', an origin, or empty");
        try
        {
            h.ToOptions().Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("Hls", e.Message.ReplaceLineEndings(" "));
        }
    }

    private static void Positive(string key, double value, double max)
    {
        if (!(value > 0 && value <= max)) throw new ConfigException(key, $"{value} must be greater than 0 and at most {max}");
    }

    private static void Listener(string name, ListenerOptions l, Dictionary<int, string> ports)
    {
        if (l.Port is < 1 or > 65535) throw new ConfigException($"{name}:Port", $"{l.Port} is out of range (1-65535)");
        if (ports.TryGetValue(l.Port, out var other))
        {
            throw new ConfigException($"{name}:Port", $"{l.Port} is already used by {other}:Port");
        }
        ports[l.Port] = name;
        if (!IPAddress.TryParse(l.Address, out _))
        {
            throw new ConfigException($"{name}:Address", $"'{l.Address}' is not an IP address");
        }
    }

    /// <summary>A camera fed by an RTMP publisher: a stream key and no URLs.</summary>
    private static void PublishSource(string key, CameraOptions c)
    {
        // Never echo the key.
        if (c.StreamKey!.Length < MinStreamKeyLength) throw new ConfigException($"{key}:StreamKey", $"must be at least {MinStreamKeyLength} characters");
        if (c.StreamKey.Length > 256) throw new ConfigException($"{key}:StreamKey", "must be at most 256 characters");
        foreach (var ch in c.StreamKey)
        {
            // It travels in an RTMP URL query: no separators, spaces or controls.
            if (ch <= ' ' || ch >= 0x7F || ch is '&' or '?' or '/' or '#' or '%' or '+' or '=')
            {
                throw new ConfigException($"{key}:StreamKey", "must be printable ASCII without spaces or & ? / # % + =");
            }
        }
        if (!string.IsNullOrEmpty(c.Url)) throw new ConfigException($"{key}:Url", "must be empty for a camera with a StreamKey (an RTMP publisher feeds it)");
        if (!string.IsNullOrEmpty(c.SubUrl)) throw new ConfigException($"{key}:SubUrl", "must be empty for a camera with a StreamKey (an RTMP publisher feeds it)");
    }

    public const int MinStreamKeyLength = 16;

    private static void RtspUrl(string key, string? url, bool required)
    {
        if (string.IsNullOrEmpty(url))
        {
            if (required) throw new ConfigException(key, "is required");
            return;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "rtsp" && u.Scheme != "rtsps") || string.IsNullOrEmpty(u.Host))
        {
            // Never echo the URL: it may carry a password.
            throw new ConfigException(key, "must be an absolute rtsp:// or rtsps:// URL with a host");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CameraId();
}
