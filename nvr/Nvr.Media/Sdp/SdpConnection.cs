namespace Nvr.Media.Sdp;

/// <summary>
/// Connection data, <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (RFC 8866 §5.7).
/// For IPv4 multicast the address is <c>group/ttl[/count]</c>; for IPv6 multicast <c>group[/count]</c>.
/// </summary>
public sealed record SdpConnection
{
    /// <summary>"IN".</summary>
    public required string NetworkType { get; init; }
    /// <summary>"IP4" or "IP6".</summary>
    public required string AddressType { get; init; }
    /// <summary>The address without the /ttl and /count suffixes (may be a host name).</summary>
    public required string Address { get; init; }
    /// <summary>Multicast TTL (IPv4 only); null when absent.</summary>
    public int? Ttl { get; init; }
    /// <summary>Number of consecutive multicast addresses; 1 when absent.</summary>
    public int AddressCount { get; init; } = 1;

    /// <summary>True for 224.0.0.0/4 and ff00::/8 (RFC 5771, RFC 4291 §2.7).</summary>
    public bool IsMulticast
    {
        get
        {
            if (System.Net.IPAddress.TryParse(Address, out var ip))
            {
                if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) return ip.IsIPv6Multicast;
                var b = ip.GetAddressBytes();
                return b.Length == 4 && (b[0] & 0xF0) == 0xE0;
            }
            return false;
        }
    }

    /// <summary>Parses the value of a <c>c=</c> line. Returns null when malformed.</summary>
    public static SdpConnection? TryParse(ReadOnlySpan<char> value)
    {
        Span<Range> parts = stackalloc Range[4];
        int n = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (n != 3) return null;
        var net = value[parts[0]];
        var type = value[parts[1]];
        var addr = value[parts[2]];
        int? ttl = null;
        int count = 1;
        int slash = addr.IndexOf('/');
        ReadOnlySpan<char> host = addr;
        if (slash >= 0)
        {
            host = addr[..slash];
            var rest = addr[(slash + 1)..];
            int slash2 = rest.IndexOf('/');
            var first = slash2 >= 0 ? rest[..slash2] : rest;
            var second = slash2 >= 0 ? rest[(slash2 + 1)..] : ReadOnlySpan<char>.Empty;
            bool ip6 = type.Equals("IP6", StringComparison.OrdinalIgnoreCase);
            if (!int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v1) || v1 > 255 && !ip6) return null;
            if (ip6) count = v1;
            else ttl = v1;
            if (slash2 >= 0)
            {
                if (ip6 || !int.TryParse(second, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count)) return null;
            }
            if (count < 1 || count > 256) return null;
        }
        if (host.IsEmpty) return null;
        return new SdpConnection
        {
            NetworkType = net.ToString(),
            AddressType = type.ToString(),
            Address = host.ToString(),
            Ttl = ttl,
            AddressCount = count,
        };
    }

    public override string ToString()
    {
        var s = $"{NetworkType} {AddressType} {Address}";
        if (Ttl is int t) s += "/" + t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (AddressCount > 1) s += "/" + AddressCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return s;
    }
}
