using System.Globalization;

namespace Nvr.Media.Sdp;

/// <summary>
/// One media description (RFC 8866 §5.14): the <c>m=</c> line and the lines after it up to the
/// next <c>m=</c>. Built by <see cref="SdpParser"/>; immutable afterwards.
/// </summary>
public sealed class SdpMedia
{
    internal readonly List<SdpAttribute> AttributeList = [];
    internal readonly List<SdpRtpMap> RtpMapList = [];
    internal readonly List<SdpFmtp> FmtpList = [];
    internal readonly List<string> FormatList = [];

    internal SdpMedia(string type, int port, int portCount, string protocol)
    {
        Type = type;
        Port = port;
        PortCount = portCount;
        Protocol = protocol;
    }

    /// <summary>Media type as written: "video", "audio", "application", … (TP-Link: "application/MERCURY").</summary>
    public string Type { get; }
    /// <summary>Port from the m= line; 0 in almost every RTSP DESCRIBE answer (RFC 2326 C.1.5).</summary>
    public int Port { get; }
    /// <summary>Number of ports (<c>&lt;port&gt;/&lt;number of ports&gt;</c>); 1 when absent.</summary>
    public int PortCount { get; }
    /// <summary>Transport protocol, e.g. "RTP/AVP".</summary>
    public string Protocol { get; }
    /// <summary>The &lt;fmt&gt; tokens as written.</summary>
    public IReadOnlyList<string> Formats => FormatList;
    /// <summary>The formats that are RTP payload types (0–127), in order.</summary>
    public IReadOnlyList<int> PayloadTypes { get; internal set; } = [];
    /// <summary>Media-level <c>c=</c>, or null (then the session-level one applies).</summary>
    public SdpConnection? Connection { get; internal set; }
    /// <summary>Media-level <c>b=AS:</c> in kbit/s, or null.</summary>
    public int? BandwidthKbps { get; internal set; }
    /// <summary>Media-level <c>a=control</c> (trimmed), or null.</summary>
    public string? Control { get; internal set; }
    /// <summary>Media-level <c>a=range</c> value, or null.</summary>
    public string? Range { get; internal set; }
    /// <summary>
    /// The media-level direction attribute, or the session-level one when the media has none.
    /// </summary>
    /// <remarks>
    /// ONVIF cameras (Hikvision, Dahua, Axis) write <c>a=recvonly</c> on the streams they send,
    /// (the ONVIF Streaming spec §5.1 words it from the client's side) and <c>a=sendonly</c> on
    /// an audio back channel. Consumers must not read this as RFC 8866 §6.7 says literally.
    /// </remarks>
    public SdpDirection Direction { get; internal set; }
    public IReadOnlyList<SdpAttribute> Attributes => AttributeList;
    public IReadOnlyList<SdpRtpMap> RtpMaps => RtpMapList;
    public IReadOnlyList<SdpFmtp> Fmtps => FmtpList;

    /// <summary>The first payload type of the m= line (the one a camera sends), or -1.</summary>
    public int PayloadType => PayloadTypes.Count > 0 ? PayloadTypes[0] : -1;

    /// <summary>True for "video" (case-insensitive).</summary>
    public bool IsVideo => Type.Equals("video", StringComparison.OrdinalIgnoreCase);
    /// <summary>True for "audio" (case-insensitive).</summary>
    public bool IsAudio => Type.Equals("audio", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The rtpmap of <paramref name="payloadType"/>: the <c>a=rtpmap</c> line, else the RFC 3551
    /// static assignment, else null.
    /// </summary>
    /// <remarks>
    /// Tolerance (an OEM "streamed by the RTSP server" firmware, go2rtc WebRTC#419):
    /// <c>m=audio 0 RTP/AVP 8</c> with <c>a=rtpmap:0 pcma/8000/1</c> — an rtpmap whose payload type
    /// is not on the m= line. When the media has a single format and no rtpmap or static entry
    /// matches it, the single rtpmap of the section is used with the m= line's payload type.
    /// </remarks>
    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (var m in RtpMapList)
        {
            if (m.PayloadType == payloadType) return m;
        }
        if (RtpMapList.Count == 1 && PayloadTypes.Count == 1 && PayloadTypes[0] == payloadType
            && RtpMapList[0].PayloadType != payloadType)
        {
            return RtpMapList[0] with { PayloadType = payloadType };
        }
        return SdpRtpMap.Static(payloadType);
    }

    /// <summary>The <c>a=fmtp</c> of <paramref name="payloadType"/> (duplicates merged), or null.</summary>
    public SdpFmtp? GetFmtp(int payloadType)
    {
        foreach (var f in FmtpList)
        {
            if (f.PayloadType == payloadType) return f;
        }
        return null;
    }

    /// <summary>The rtpmap of <see cref="PayloadType"/>, or null.</summary>
    public SdpRtpMap? RtpMap => PayloadType >= 0 ? GetRtpMap(PayloadType) : null;

    /// <summary>The fmtp of <see cref="PayloadType"/>, or null.</summary>
    public SdpFmtp? Fmtp => PayloadType >= 0 ? GetFmtp(PayloadType) : null;

    /// <summary>The value of the first attribute named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in AttributeList)
        {
            if (a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return a.Value ?? "";
        }
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Type} {Port} {Protocol} {string.Join(' ', FormatList)}");
}
