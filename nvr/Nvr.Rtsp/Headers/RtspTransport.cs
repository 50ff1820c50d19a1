using System.Globalization;
using System.Text;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// One transport specification of the Transport header (RFC 2326 §12.39, RFC 7826 §18.54):
/// <code>
/// RTP/AVP[/UDP|/TCP];unicast|multicast;destination=…;source=…;interleaved=0-1;ttl=…;
///   port=…;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode="PLAY"
/// </code>
/// The header may list several specifications separated by commas (<see cref="ParseList"/>).
/// </summary>
public sealed record RtspTransport
{
    /// <summary>Transport protocol and profile, e.g. "RTP/AVP" (or "RTP/SAVP").</summary>
    public string Profile { get; init; } = "RTP/AVP";
    /// <summary>True for RTP/AVP/TCP (interleaved on the RTSP connection).</summary>
    /// <remarks>
    /// Tolerance (Escam Q6, noted by go2rtc): a reply <c>RTP/AVP;unicast;…;interleaved=0-1</c> to a TCP
    /// request. A specification with no lower transport but an <c>interleaved</c> parameter is TCP.
    /// </remarks>
    public bool IsTcp { get; init; }
    public bool IsMulticast { get; init; }
    public string? Destination { get; init; }
    public string? Source { get; init; }
    public RtspPortRange? Interleaved { get; init; }
    public int? Ttl { get; init; }
    public RtspPortRange? Port { get; init; }
    public RtspPortRange? ClientPort { get; init; }
    public RtspPortRange? ServerPort { get; init; }
    /// <summary>SSRC (hex in the header). Tolerance (defensive): fewer than 8 digits, padding spaces; an unreadable value is ignored.</summary>
    public uint? Ssrc { get; init; }
    /// <summary>mode without quotes, e.g. "PLAY"; null when absent.</summary>
    public string? Mode { get; init; }

    /// <summary>Parses every specification of a Transport header value; malformed ones are skipped.</summary>
    public static IReadOnlyList<RtspTransport> ParseList(string? header)
    {
        var list = new List<RtspTransport>();
        if (header is null) return list;
        int start = 0;
        bool quoted = false;
        for (int i = 0; i <= header.Length; i++)
        {
            if (i < header.Length && header[i] == '"') quoted = !quoted;
            if (i == header.Length || header[i] == ',' && !quoted)
            {
                var t = TryParse(header.AsSpan(start, i - start));
                if (t is not null) list.Add(t);
                start = i + 1;
                if (list.Count >= 16) break;
            }
        }
        return list;
    }

    /// <summary>Parses one specification; null when the protocol part is missing.</summary>
    public static RtspTransport? TryParse(ReadOnlySpan<char> spec)
    {
        spec = spec.Trim();
        if (spec.IsEmpty) return null;
        int semi = spec.IndexOf(';');
        var proto = (semi < 0 ? spec : spec[..semi]).Trim();
        if (proto.IsEmpty || proto.Contains('=')) return null;
        bool tcp = false;
        bool explicitLower = false;
        string profile = proto.ToString().ToUpperInvariant();
        if (profile.EndsWith("/TCP", StringComparison.Ordinal)) { tcp = true; explicitLower = true; profile = profile[..^4]; }
        else if (profile.EndsWith("/UDP", StringComparison.Ordinal)) { explicitLower = true; profile = profile[..^4]; }
        var t = new RtspTransport { Profile = profile };
        bool multicast = false;
        string? destination = null, source = null, mode = null;
        RtspPortRange? interleaved = null, port = null, client = null, server = null;
        int? ttl = null;
        uint? ssrc = null;
        var rest = semi < 0 ? ReadOnlySpan<char>.Empty : spec[(semi + 1)..];
        foreach (var r in rest.Split(';'))
        {
            var p = rest[r].Trim();
            if (p.IsEmpty) continue;
            int eq = p.IndexOf('=');
            var name = (eq < 0 ? p : p[..eq]).Trim();
            var value = eq < 0 ? ReadOnlySpan<char>.Empty : p[(eq + 1)..].Trim().Trim('"');
            if (name.Equals("unicast", StringComparison.OrdinalIgnoreCase)) multicast = false;
            else if (name.Equals("multicast", StringComparison.OrdinalIgnoreCase)) multicast = true;
            else if (name.Equals("destination", StringComparison.OrdinalIgnoreCase)) destination = value.IsEmpty ? null : value.ToString();
            else if (name.Equals("source", StringComparison.OrdinalIgnoreCase)) source = value.IsEmpty ? null : value.ToString();
            else if (name.Equals("interleaved", StringComparison.OrdinalIgnoreCase)) interleaved = RtspPortRange.TryParse(value, 255);
            else if (name.Equals("ttl", StringComparison.OrdinalIgnoreCase)) ttl = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= 255 ? v : null;
            else if (name.Equals("port", StringComparison.OrdinalIgnoreCase)) port = RtspPortRange.TryParse(value);
            else if (name.Equals("client_port", StringComparison.OrdinalIgnoreCase)) client = RtspPortRange.TryParse(value);
            else if (name.Equals("server_port", StringComparison.OrdinalIgnoreCase)) server = RtspPortRange.TryParse(value);
            else if (name.Equals("ssrc", StringComparison.OrdinalIgnoreCase))
            {
                var hex = value.Trim();
                ssrc = hex.Length is > 0 and <= 8 && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint s) ? s : null;
            }
            else if (name.Equals("mode", StringComparison.OrdinalIgnoreCase)) mode = value.IsEmpty ? null : value.ToString();
        }
        return t with
        {
            IsTcp = tcp || !explicitLower && interleaved is not null,
            IsMulticast = multicast,
            Destination = destination,
            Source = source,
            Interleaved = interleaved,
            Ttl = ttl,
            Port = port,
            ClientPort = client,
            ServerPort = server,
            Ssrc = ssrc,
            Mode = mode,
        };
    }

    /// <summary>The specification in header syntax.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Profile);
        if (IsTcp) sb.Append("/TCP");
        sb.Append(IsMulticast ? ";multicast" : ";unicast");
        if (Destination is not null) sb.Append(";destination=").Append(Destination);
        if (Source is not null) sb.Append(";source=").Append(Source);
        if (Interleaved is { } il) sb.Append(";interleaved=").Append(il.ToString());
        if (Ttl is int ttl) sb.Append(CultureInfo.InvariantCulture, $";ttl={ttl}");
        if (Port is { } p) sb.Append(";port=").Append(p.ToString());
        if (ClientPort is { } c) sb.Append(";client_port=").Append(c.ToString());
        if (ServerPort is { } s) sb.Append(";server_port=").Append(s.ToString());
        if (Ssrc is uint ssrc) sb.Append(CultureInfo.InvariantCulture, $";ssrc={ssrc:X8}");
        if (Mode is not null) sb.Append(";mode=").Append(Mode);
        return sb.ToString();
    }
}
