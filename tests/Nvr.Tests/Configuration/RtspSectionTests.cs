using System.Collections;
using Nvr.Configuration;

namespace Nvr.Tests.Configuration;

/// <summary>The <c>Rtsp</c> section: defaults equal the server's, values map onto <see cref="Nvr.Rtsp.Server.RtspServerOptions"/>, bad values name their key.</summary>
public sealed class RtspSectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nvr-rtsp-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private NvrOptions Load(string json)
    {
        var path = Path.Combine(_dir, "nvr.json");
        File.WriteAllText(path, json);
        return ConfigLoader.Load(path, new Hashtable());
    }

    [Fact]
    public void Defaults_are_the_servers_with_the_user_store_realm()
    {
        var s = Load("{}").Rtsp.ToServerOptions(Nvr.Security.UserStore.Realm);
        var d = Nvr.Rtsp.Server.RtspServerOptions.Default;
        Assert.Equal(("0.0.0.0", 8554, "nvr", false, false), (s.Address, s.Port, s.Realm, s.AllowBasic, s.AllowAnonymous));
        Assert.Equal((d.SessionTimeout, d.WriteTimeout, d.MaxSessions, d.MaxSessionsPerAddress), (s.SessionTimeout, s.WriteTimeout, s.MaxSessions, s.MaxSessionsPerAddress));
        Assert.Equal((d.MaxConnections, d.MaxConnectionsPerAddress), (s.MaxConnections, s.MaxConnectionsPerAddress));
        Assert.Equal((d.MulticastEnabled, d.MulticastAddressRange, d.MulticastPortFirst, d.MulticastPortLast, d.MulticastTtl, d.MulticastInterface),
            (s.MulticastEnabled, s.MulticastAddressRange, s.MulticastPortFirst, s.MulticastPortLast, s.MulticastTtl, s.MulticastInterface));
    }

    [Fact]
    public void Values_map_onto_the_server_options()
    {
        var o = Load("""
            { "Rtsp": { "Port": 9554, "Address": "127.0.0.1", "AllowBasic": true, "AllowAnonymous": true,
                        "SessionTimeoutSeconds": 30, "WriteTimeoutSeconds": 4, "MaxSessions": 50, "MaxSessionsPerAddress": 8,
                        "Multicast": { "Enabled": true, "Range": "239.1.2.0/28", "PortStart": 20000, "PortEnd": 20099, "Ttl": 4, "Interface": "127.0.0.1" } } }
            """);
        var s = o.Rtsp.ToServerOptions("nvr");
        Assert.Equal(("127.0.0.1", 9554, true, true), (s.Address, s.Port, s.AllowBasic, s.AllowAnonymous));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4), 50, 8), (s.SessionTimeout, s.WriteTimeout, s.MaxSessions, s.MaxSessionsPerAddress));
        // Connection limits follow the session limits, never below the server's defaults.
        Assert.Equal((512, 64), (s.MaxConnections, s.MaxConnectionsPerAddress));
        var big = Load("""{ "Rtsp": { "MaxSessions": 1000, "MaxSessionsPerAddress": 300 } }""").Rtsp.ToServerOptions("nvr");
        Assert.Equal((2000, 600), (big.MaxConnections, big.MaxConnectionsPerAddress));
        Assert.Equal(("239.1.2.0/28", 20000, 20099, 4, "127.0.0.1"), (s.MulticastAddressRange, s.MulticastPortFirst, s.MulticastPortLast, s.MulticastTtl, s.MulticastInterface));
    }

    [Theory]
    [InlineData("""{ "Rtsp": { "SessionTimeoutSeconds": 0 } }""", "Rtsp:SessionTimeoutSeconds")]
    [InlineData("""{ "Rtsp": { "WriteTimeoutSeconds": -1 } }""", "Rtsp:WriteTimeoutSeconds")]
    [InlineData("""{ "Rtsp": { "MaxSessions": 0 } }""", "Rtsp:MaxSessions")]
    [InlineData("""{ "Rtsp": { "MaxSessionsPerAddress": 0 } }""", "Rtsp:MaxSessionsPerAddress")]
    [InlineData("""{ "Rtsp": { "Multicast": { "Range": "10.0.0.0/24" } } }""", "Rtsp:Multicast:Range")]
    [InlineData("""{ "Rtsp": { "Multicast": { "PortStart": 18001 } } }""", "Rtsp:Multicast:PortStart")]
    [InlineData("""{ "Rtsp": { "Multicast": { "PortEnd": 17000 } } }""", "Rtsp:Multicast:PortEnd")]
    [InlineData("""{ "Rtsp": { "Multicast": { "Ttl": 0 } } }""", "Rtsp:Multicast:Ttl")]
    [InlineData("""{ "Rtsp": { "Multicast": { "Interface": "eth0" } } }""", "Rtsp:Multicast:Interface")]
    public void Bad_values_name_their_key(string json, string key)
    {
        var e = Assert.Throws<ConfigException>(() => Load(json));
        Assert.Equal(key, e.Key);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_disabled_multicast_section_is_not_checked()
    {
        var o = Load("""{ "Rtsp": { "Multicast": { "Enabled": false, "Range": "nonsense" } } }""");
        Assert.False(o.Rtsp.ToServerOptions("nvr").MulticastEnabled);
    }
}
