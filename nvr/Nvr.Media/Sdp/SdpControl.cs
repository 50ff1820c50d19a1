namespace Nvr.Media.Sdp;

/// <summary>
/// Resolves <c>a=control</c> URLs (RFC 2326 §C.1.1, RFC 7826 §18.12) against the base URL, which is
/// the DESCRIBE response's Content-Base, else its Content-Location, else the request URL.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>*</c>, empty or absent</term><description>the base URL itself (aggregate control).</description></item>
/// <item><term>absolute (<c>rtsp://</c>, <c>rtsps://</c>, <c>rtspu://</c>, any case)</term><description>used as is
///   (Hikvision: <c>rtsp://ip:554/Streaming/Channels/101/trackID=1?transportmode=unicast</c>;
///   Axis: <c>rtsp://ip/axis-media/media.amp/trackID=1?videocodec=h264</c>).</description></item>
/// <item><term>starting with <c>/</c></term><description>scheme and authority of the base + the path (RFC 3986 §5.2.2).</description></item>
/// <item><term>relative</term><description>the base, a <c>/</c> unless it already ends with one, then the
///   control — appended to the whole string, query included.</description></item>
/// </list>
/// The last rule is deliberately not RFC 3986 resolution, which would drop the last path segment of
/// a base without a trailing slash (<c>rtsp://cam/live/ch1</c> + <c>trackID=1</c> → <c>rtsp://cam/live/trackID=1</c>).
/// Cameras are tested against live555/ffmpeg-style clients that concatenate: Dahua expects
/// <c>rtsp://ip:554/cam/realmonitor?channel=1&amp;subtype=0/trackID=0</c> (its Content-Base ends in
/// <c>subtype=0/</c>), and a camera that sends no Content-Base at all (fixture <c>reolink.sdp</c>:
/// <c>rtsp://ip/h264Preview_01_main</c> + <c>track1</c>) gets <c>…/h264Preview_01_main/track1</c>.
/// </remarks>
public static class SdpControl
{
    /// <summary>Resolves one control attribute value against <paramref name="baseUrl"/>.</summary>
    public static string Resolve(string baseUrl, string? control)
    {
        var c = control.AsSpan().Trim();
        if (c.IsEmpty || c.SequenceEqual("*")) return baseUrl;
        if (IsAbsolute(c)) return c.ToString();
        if (c[0] == '/')
        {
            int scheme = baseUrl.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                int pathStart = baseUrl.AsSpan(scheme + 3).IndexOfAny('/', '?');
                string authority = pathStart < 0 ? baseUrl : baseUrl[..(scheme + 3 + pathStart)];
                return authority + c.ToString();
            }
        }
        return baseUrl.EndsWith('/') ? baseUrl + c.ToString() : baseUrl + "/" + c.ToString();
    }

    /// <summary>The aggregate control URL of the session (used for PLAY, TEARDOWN, keepalives).</summary>
    public static string ResolveSession(string baseUrl, SdpSession session) => Resolve(baseUrl, session.Control);

    /// <summary>
    /// The control URL of one media section (used for its SETUP). A section without <c>a=control</c>
    /// uses the session's aggregate URL (RFC 2326 §C.3: allowed when there is a single stream).
    /// </summary>
    public static string ResolveMedia(string baseUrl, SdpSession session, SdpMedia media)
        => media.Control is null ? ResolveSession(baseUrl, session) : Resolve(baseUrl, media.Control);

    /// <summary>True for an rtsp, rtsps or rtspu URL (scheme compared case-insensitively).</summary>
    public static bool IsAbsolute(ReadOnlySpan<char> url)
        => url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("rtspu://", StringComparison.OrdinalIgnoreCase);
}
