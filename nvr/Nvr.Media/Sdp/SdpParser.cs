using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Nvr.Media.Sdp;

/// <summary>
/// Parses an SDP session description (RFC 8866 §5, §9 grammar) as RTSP cameras send it in the
/// DESCRIBE response. Bounded (<see cref="MaxSize"/>, <see cref="MaxMedia"/>, <see cref="MaxAttributes"/>)
/// and tolerant of the sloppiness listed on each member; never throws from <see cref="TryParse"/>.
/// </summary>
/// <remarks>
/// <code>
/// v=0                                   session level: v o s i u e p c b t r z k a
/// o=- 1109162014219182 1 IN IP4 10.0.0.2
/// s=Media Presentation
/// t=0 0
/// a=control:*
/// m=video 0 RTP/AVP 96                  media level, repeated: m i c b k a
/// a=rtpmap:96 H264/90000
/// a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z00AKpY1QPAET8s3AQEBAg==,aO4xsg==
/// a=control:trackID=1
/// </code>
/// Tolerances (each has a regression SDP in tests/Nvr.Media.Tests/Sdp):
/// <list type="bullet">
/// <item>LF-only line endings and trailing spaces/NULs (fixtures <c>reolink.sdp</c>, <c>tplink.sdp</c>,
///   <c>uniview.sdp</c>; go2rtc's camera regressions are LF-only).</item>
/// <item>Missing <c>v=</c>, <c>s=</c> or <c>t=</c> (fixture <c>uniview.sdp</c> omits <c>t=</c>; go2rtc
///   rewrites broken session headers of "some cameras").</item>
/// <item><c>s=</c>/<c>i=</c> and <c>a=range</c> repeated inside media sections (OEM "RtspServer", go2rtc WebRTC#417).</item>
/// <item><c>o=</c> with 7 fields (TP-Link/Mercury: <c>o=- 14665860 31787219 1 IN IP4 10.0.0.94</c>).</item>
/// <item>Non-numeric formats (TP-Link/Mercury: <c>m=application/MERCURY 0 RTP/AVP smart/1/90000</c>).</item>
/// <item>Unknown attributes and lines that are not <c>x=value</c> are skipped (<see cref="SdpSession.IgnoredLines"/>).</item>
/// <item>A <c>a=fmtp</c> placed in the wrong media section (go2rtc WebRTC#419) is moved to the section whose
///   m= line lists its payload type.</item>
/// </list>
/// </remarks>
public static class SdpParser
{
    /// <summary>Largest accepted description. Real camera SDPs are 0.5–3 KiB.</summary>
    public const int MaxSize = 64 * 1024;
    /// <summary>Largest accepted number of m= sections (cameras: 1–4; ONVIF adds metadata/back channel).</summary>
    public const int MaxMedia = 32;
    /// <summary>Largest accepted number of a= lines in the whole description.</summary>
    public const int MaxAttributes = 1024;
    /// <summary>Largest number of formats kept from one m= line, and of rtpmap lines per section.</summary>
    public const int MaxFormats = 64;

    /// <summary>Parses <paramref name="data"/>; throws <see cref="SdpFormatException"/> when it is rejected.</summary>
    public static SdpSession Parse(ReadOnlySpan<byte> data)
        => TryParse(data, out var s, out var error) ? s : throw new SdpFormatException(error);

    /// <summary>Parses <paramref name="data"/>; returns false with a reason when it is rejected. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out SdpSession? session, [NotNullWhen(false)] out string? error)
    {
        session = null;
        if (data.Length > MaxSize)
        {
            error = $"SDP larger than {MaxSize} bytes";
            return false;
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) data = data[3..];
        string text = Encoding.UTF8.GetString(data);
        var s = new SdpSession();
        SdpMedia? media = null;
        int attributes = 0;
        bool sawAny = false;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim().TrimEnd('\0');
            if (line.IsEmpty) continue;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                s.IgnoredLines++;
                continue;
            }
            char key = line[0];
            var value = line[2..];
            if (!sawAny)
            {
                sawAny = true;
                if (key == 'v')
                {
                    if (!value.Trim().SequenceEqual("0"))
                    {
                        error = "unsupported SDP version";
                        return false;
                    }
                    continue;
                }
            }
            switch (key)
            {
                case 'v':
                    s.IgnoredLines++;
                    break;
                case 'm':
                    if (s.MediaList.Count >= MaxMedia)
                    {
                        error = $"more than {MaxMedia} media sections";
                        return false;
                    }
                    media = ParseMediaLine(value);
                    if (media is null)
                    {
                        error = "malformed m= line";
                        return false;
                    }
                    s.MediaList.Add(media);
                    break;
                case 'o' when media is null:
                    s.Origin = value.ToString();
                    s.OriginAddress = LastField(value);
                    break;
                case 's' when media is null:
                    s.SessionName = value.ToString();
                    break;
                case 'i' when media is null:
                    s.Information = value.ToString();
                    break;
                case 'c':
                    {
                        var c = SdpConnection.TryParse(value);
                        if (c is null) s.IgnoredLines++;
                        else if (media is null) s.Connection = c;
                        else media.Connection ??= c;
                        break;
                    }
                case 'b' when media is not null:
                    if (value.StartsWith("AS:", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(value[3..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int kbps))
                    {
                        media.BandwidthKbps ??= kbps;
                    }
                    break;
                case 'a':
                    if (++attributes > MaxAttributes)
                    {
                        error = $"more than {MaxAttributes} attributes";
                        return false;
                    }
                    AddAttribute(s, media, value);
                    break;
                default:
                    // t= r= z= k= u= e= p=, and s=/i=/o= inside a media section (OEM "RtspServer"): not needed.
                    break;
            }
        }
        foreach (var m in s.MediaList)
        {
            if (m.Direction == SdpDirection.Unspecified) m.Direction = s.Direction;
        }
        RelocateFmtps(s);
        session = s;
        error = null;
        return true;
    }

    private static string? LastField(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        int sp = value.LastIndexOfAny(' ', '\t');
        return sp < 0 || sp == value.Length - 1 ? null : value[(sp + 1)..].ToString();
    }

    private static SdpMedia? ParseMediaLine(ReadOnlySpan<char> value)
    {
        Span<Range> parts = stackalloc Range[MaxFormats + 4];
        int n = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (n < 3) return null;
        var portText = value[parts[1]];
        int count = 1;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > 65536) return null;
            portText = portText[..slash];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535) return null;
        var m = new SdpMedia(value[parts[0]].ToString(), port, count, value[parts[2]].ToString());
        var pts = new List<int>();
        // Split packs anything past the last slot into it; such a slot holds spaces and is dropped below.
        for (int i = 3; i < n && i < MaxFormats + 3; i++)
        {
            var f = value[parts[i]];
            if (f.Contains(' ')) continue;
            m.FormatList.Add(f.ToString());
            if (int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) && pt <= 127 && !pts.Contains(pt)) pts.Add(pt);
        }
        m.PayloadTypes = pts;
        return m;
    }

    private static void AddAttribute(SdpSession s, SdpMedia? media, ReadOnlySpan<char> value)
    {
        int colon = value.IndexOf(':');
        string name = (colon < 0 ? value : value[..colon]).Trim().ToString();
        string? val = colon < 0 ? null : value[(colon + 1)..].Trim().ToString();
        var attr = new SdpAttribute(name, val);
        if (media is null) s.AttributeList.Add(attr);
        else media.AttributeList.Add(attr);

        switch (name.ToLowerInvariant())
        {
            case "control" when val is not null:
                // go2rtc WebRTC#417 (OEM "RtspServer"): a=control repeated in one section; the first wins.
                if (media is null) s.Control ??= val;
                else media.Control ??= val;
                break;
            case "range" when val is not null:
                if (media is null) s.Range ??= val;
                else media.Range ??= val;
                break;
            case "tool" when media is null:
                s.Tool ??= val;
                break;
            case "sendrecv":
            case "sendonly":
            case "recvonly":
            case "inactive":
                {
                    var d = name.ToLowerInvariant() switch
                    {
                        "sendrecv" => SdpDirection.SendRecv,
                        "sendonly" => SdpDirection.SendOnly,
                        "recvonly" => SdpDirection.RecvOnly,
                        _ => SdpDirection.Inactive,
                    };
                    if (media is null) s.Direction = d;
                    else media.Direction = d;
                    break;
                }
            case "rtpmap" when media is not null && val is not null:
                {
                    var map = SdpRtpMap.TryParse(val);
                    if (map is null || media.RtpMapList.Count >= MaxFormats) break;
                    foreach (var existing in media.RtpMapList)
                    {
                        if (existing.PayloadType == map.PayloadType) return;
                    }
                    media.RtpMapList.Add(map);
                    break;
                }
            case "fmtp" when media is not null && val is not null:
                {
                    var fmtp = SdpFmtp.TryParse(val);
                    if (fmtp is null) break;
                    var existing = media.GetFmtp(fmtp.PayloadType);
                    if (existing is not null) existing.MergeFrom(fmtp);
                    else if (media.FmtpList.Count < MaxFormats) media.FmtpList.Add(fmtp);
                    break;
                }
        }
    }

    /// <summary>
    /// go2rtc WebRTC#419 (OEM "streamed by the RTSP server" firmware): the video section's
    /// <c>a=fmtp:96</c> written after <c>m=audio … 8</c>. Move an fmtp whose payload type is not on its
    /// own m= line to the one section that lists it and has no fmtp for it.
    /// </summary>
    private static void RelocateFmtps(SdpSession s)
    {
        foreach (var m in s.MediaList)
        {
            for (int i = m.FmtpList.Count - 1; i >= 0; i--)
            {
                var f = m.FmtpList[i];
                if (m.PayloadTypes.Contains(f.PayloadType)) continue;
                SdpMedia? target = null;
                int candidates = 0;
                foreach (var other in s.MediaList)
                {
                    if (other != m && other.PayloadTypes.Contains(f.PayloadType) && other.GetFmtp(f.PayloadType) is null)
                    {
                        target = other;
                        candidates++;
                    }
                }
                if (candidates == 1)
                {
                    target!.FmtpList.Add(f);
                    m.FmtpList.RemoveAt(i);
                }
            }
        }
    }
}
