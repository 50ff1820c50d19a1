using System.Net;
using Nvr.Rtsp.Server;

namespace Nvr.Configuration;

/// <summary>
/// The <c>Rtsp</c> section: the listener (<c>Port</c>, <c>Address</c>) plus what users of MediaMTX
/// expect to tune. Times in seconds. Every default is <see cref="RtspServerOptions"/>'s, where each
/// one says where it came from.
/// </summary>
public sealed class RtspSection : ListenerOptions
{
    /// <summary>Also accept HTTP Basic credentials (the password crosses the network in clear). Default false.</summary>
    public bool AllowBasic { get; set; }

    /// <summary>Serve without credentials. Default false: with no <c>Users</c>, every request is refused (401).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>A UDP/multicast session (or one not playing yet) that hears nothing for this long is closed. Default 60 (RFC 2326 §12.37).</summary>
    public double SessionTimeoutSeconds { get; set; } = 60;

    /// <summary>A viewer whose socket accepts nothing for this long is closed. Default 10.</summary>
    public double WriteTimeoutSeconds { get; set; } = 10;

    /// <summary>Concurrent sessions. Default 200 (a Pi 4's gigabit port of 4 Mbit/s streams). Open connections may be twice this (at least 512).</summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>Sessions per client address. Default 32 (a 16-camera grid, main and sub). Connections per address may be twice this (at least 64).</summary>
    public int MaxSessionsPerAddress { get; set; } = 32;

    public RtspMulticastSection Multicast { get; set; } = new();

    /// <summary>The server options for this section; <paramref name="realm"/> is the realm the users' HA1 values were computed for.</summary>
    public RtspServerOptions ToServerOptions(string realm) => new()
    {
        Address = Address,
        Port = Port,
        Realm = realm,
        AllowBasic = AllowBasic,
        AllowAnonymous = AllowAnonymous,
        SessionTimeout = TimeSpan.FromSeconds(SessionTimeoutSeconds),
        WriteTimeout = TimeSpan.FromSeconds(WriteTimeoutSeconds),
        MaxSessions = MaxSessions,
        MaxSessionsPerAddress = Math.Min(MaxSessionsPerAddress, MaxSessions),
        // Connections follow the session limits (the server's defaults are twice the session
        // allowance: a client may probe while it plays), never below those defaults.
        MaxConnections = Math.Max(RtspServerOptions.Default.MaxConnections, 2 * MaxSessions),
        MaxConnectionsPerAddress = Math.Max(RtspServerOptions.Default.MaxConnectionsPerAddress, 2 * MaxSessionsPerAddress),
        MulticastEnabled = Multicast.Enabled,
        MulticastAddressRange = Multicast.Range,
        MulticastPortFirst = Multicast.PortStart,
        MulticastPortLast = Multicast.PortEnd,
        MulticastTtl = Multicast.Ttl,
        MulticastInterface = string.IsNullOrEmpty(Multicast.Interface) ? null : Multicast.Interface,
    };

    /// <summary>Throws <see cref="ConfigException"/> naming the first bad key (<c>Rtsp:…</c>). Port and Address are checked with the other listeners.</summary>
    public void Validate()
    {
        Seconds("Rtsp:SessionTimeoutSeconds", SessionTimeoutSeconds);
        Seconds("Rtsp:WriteTimeoutSeconds", WriteTimeoutSeconds);
        Count("Rtsp:MaxSessions", MaxSessions);
        Count("Rtsp:MaxSessionsPerAddress", MaxSessionsPerAddress);
        var m = Multicast ?? throw new ConfigException("Rtsp:Multicast", "must be an object");
        if (m.Enabled)
        {
            if (m.PortStart is < 1024 or > 65534 || m.PortStart % 2 != 0) throw new ConfigException("Rtsp:Multicast:PortStart", $"{m.PortStart} must be an even port 1024-65534");
            if (m.PortEnd <= m.PortStart || m.PortEnd > 65535) throw new ConfigException("Rtsp:Multicast:PortEnd", $"{m.PortEnd} must be above Rtsp:Multicast:PortStart and at most 65535");
            if (m.Ttl is < 1 or > 255) throw new ConfigException("Rtsp:Multicast:Ttl", $"{m.Ttl} must be 1-255");
            if (!string.IsNullOrEmpty(m.Interface) && !IPAddress.TryParse(m.Interface, out _)) throw new ConfigException("Rtsp:Multicast:Interface", $"'{m.Interface}' is not an IP address");
        }
        try
        {
            ToServerOptions(Security.UserStore.Realm).Validate();
        }
        catch (ArgumentException e) when (e.ParamName == nameof(RtspServerOptions.MulticastAddressRange))
        {
            throw new ConfigException("Rtsp:Multicast:Range", $"'{m.Range}' is not an IPv4 multicast CIDR range (e.g. 239.255.42.0/24)");
        }
        catch (ArgumentException e)
        {
            // A backstop: the checks above name the key; this only catches what they missed.
            throw new ConfigException("Rtsp", e.Message.ReplaceLineEndings(" "));
        }
    }

    private static void Seconds(string key, double value)
    {
        if (!(value >= 1 && value <= 3600)) throw new ConfigException(key, $"{value} must be between 1 and 3600");
    }

    private static void Count(string key, int value)
    {
        if (value is < 1 or > 100_000) throw new ConfigException(key, $"{value} must be between 1 and 100000");
    }
}
