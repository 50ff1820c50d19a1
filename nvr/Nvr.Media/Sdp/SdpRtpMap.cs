using System.Globalization;

namespace Nvr.Media.Sdp;

/// <summary>
/// <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c>
/// (RFC 8866 §6.6), or the static assignment of RFC 3551 §6 Table 4/5 for payload types sent
/// without an rtpmap.
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels)
{
    /// <summary>
    /// The RFC 3551 static payload types a camera may send without <c>a=rtpmap</c>
    /// (0 PCMU, 8 PCMA, 26 JPEG, plus the other audio/video static types for completeness).
    /// </summary>
    public static SdpRtpMap? Static(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000, 1),
        3 => new SdpRtpMap(3, "GSM", 8000, 1),
        4 => new SdpRtpMap(4, "G723", 8000, 1),
        8 => new SdpRtpMap(8, "PCMA", 8000, 1),
        9 => new SdpRtpMap(9, "G722", 8000, 1),
        10 => new SdpRtpMap(10, "L16", 44100, 2),
        11 => new SdpRtpMap(11, "L16", 44100, 1),
        14 => new SdpRtpMap(14, "MPA", 90000, null),
        18 => new SdpRtpMap(18, "G729", 8000, 1),
        26 => new SdpRtpMap(26, "JPEG", 90000, null),
        32 => new SdpRtpMap(32, "MPV", 90000, null),
        33 => new SdpRtpMap(33, "MP2T", 90000, null),
        _ => null,
    };

    /// <summary>
    /// Parses the value after <c>a=rtpmap:</c>. Returns null when malformed.
    /// </summary>
    /// <remarks>
    /// Tolerances: extra spaces around the payload type and the encoding (defensive; fixture
    /// <c>uniview.sdp</c>: <c>a=rtpmap:105 h264/90000  </c>), and encoding names in lower case
    /// (go2rtc WebRTC#419 <c>pcma/8000/1</c>, TestBugSDP5 <c>mpeg4-generic/8000/1</c>); names are
    /// matched case-insensitively anyway (RFC 4855 §3: media subtype names are case-insensitive).
    /// </remarks>
    public static SdpRtpMap? TryParse(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        int sp = value.IndexOfAny(' ', '\t');
        if (sp <= 0) return null;
        if (!int.TryParse(value[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > 127) return null;
        var enc = value[(sp + 1)..].Trim();
        // Some firmwares put a space inside: "H264 /90000"; drop all whitespace.
        Span<char> buf = stackalloc char[Math.Min(enc.Length, 256)];
        int len = 0;
        foreach (char c in enc)
        {
            if (c == ' ' || c == '\t') continue;
            if (len == buf.Length) return null;
            buf[len++] = c;
        }
        var e = buf[..len];
        Span<Range> parts = stackalloc Range[4];
        int n = ((ReadOnlySpan<char>)e).Split(parts, '/');
        if (n < 2 || n > 3) return null;
        var name = e[parts[0]];
        if (name.IsEmpty) return null;
        if (!int.TryParse(e[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out int rate) || rate <= 0 || rate > 10_000_000) return null;
        int? channels = null;
        if (n == 3)
        {
            if (!int.TryParse(e[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out int ch) || ch <= 0 || ch > 255) return null;
            channels = ch;
        }
        return new SdpRtpMap(pt, name.ToString(), rate, channels);
    }

    /// <summary>Case-insensitive comparison of <see cref="EncodingName"/>.</summary>
    public bool Is(string encodingName) => string.Equals(EncodingName, encodingName, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Channels is int ch
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{ch}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");
}
