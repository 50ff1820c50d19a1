namespace Nvr.Hls;

/// <summary>What an <see cref="HlsRequest"/> asks for.</summary>
public enum HlsResourceKind
{
    /// <summary>No such resource (unknown path): answer 404.</summary>
    NotFound,
    /// <summary>A known resource with a malformed query (e.g. <c>_HLS_part</c> without <c>_HLS_msn</c>): answer 400.</summary>
    BadRequest,
    /// <summary><c>index.m3u8</c>: the multivariant playlist (one variant stream with CODECS).</summary>
    MultivariantPlaylist,
    /// <summary><c>fmp4.m3u8</c> / <c>ts.m3u8</c>: the live media playlist.</summary>
    MediaPlaylist,
    /// <summary><c>&lt;id&gt;-init&lt;v&gt;.mp4</c>: the fMP4 init section of description version v.</summary>
    Init,
    /// <summary><c>&lt;id&gt;-&lt;msn&gt;.m4s</c> or <c>&lt;id&gt;-&lt;msn&gt;.ts</c>: a whole media segment.</summary>
    Segment,
    /// <summary><c>&lt;id&gt;-&lt;msn&gt;.&lt;part&gt;.m4s</c>: a Low-Latency HLS partial segment.</summary>
    Part,
}
