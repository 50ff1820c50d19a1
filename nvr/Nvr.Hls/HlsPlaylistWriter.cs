using System.Globalization;
using System.Text;

namespace Nvr.Hls;

/// <summary>
/// Renders playlists (RFC 8216bis §4): the multivariant playlist with one variant stream
/// (§4.4.6.2 EXT-X-STREAM-INF: BANDWIDTH, CODECS, RESOLUTION) and the live media playlist of an
/// output. Output is US-ASCII with LF line ends, no BOM (§4.1).
/// </summary>
/// <remarks>
/// fMP4 with LL-HLS (EXT-X-VERSION 6 for EXT-X-MAP in a media playlist, §7):
/// <code>
/// #EXTM3U
/// #EXT-X-VERSION:6
/// #EXT-X-TARGETDURATION:1
/// #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000    (3 × PART-TARGET; §4.4.3.8: at least 2×)
/// #EXT-X-PART-INF:PART-TARGET=0.20000
/// #EXT-X-MEDIA-SEQUENCE:12
/// #EXT-X-DISCONTINUITY-SEQUENCE:0
/// #EXT-X-MAP:URI="3f2a9c01-init1.mp4"
/// #EXT-X-PROGRAM-DATE-TIME:2026-11-24T02:03:04.040Z
/// [#EXT-X-PART:DURATION=0.20000,URI="3f2a9c01-12.0.m4s",INDEPENDENT=YES …   only within 3 target durations of the end (§6.2.2)]
/// #EXTINF:1.00000,
/// 3f2a9c01-12.m4s
/// …                                                                    the open segment: PDT + its parts, no URI yet
/// #EXT-X-PRELOAD-HINT:TYPE=PART,URI="3f2a9c01-19.3.m4s"              (§4.4.5.3, one per type)
/// </code>
/// MPEG-TS: EXT-X-VERSION 3 (decimal EXTINF), no server control, no parts.
/// </remarks>
internal static class HlsPlaylistWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The media playlist URI of an output, relative to the multivariant playlist.</summary>
    public static string MediaPlaylistUri(HlsFormat format) => format == HlsFormat.MpegTs ? "ts.m3u8" : "fmp4.m3u8";

    public static string InitUri(string instance, int version) => $"{instance}-init{version.ToString(Invariant)}.mp4";

    public static string SegmentUri(string instance, long msn, HlsFormat format) =>
        $"{instance}-{msn.ToString(Invariant)}{(format == HlsFormat.MpegTs ? ".ts" : ".m4s")}";

    public static string PartUri(string instance, long msn, int part) => $"{instance}-{msn.ToString(Invariant)}.{part.ToString(Invariant)}.m4s";

    public static byte[] Multivariant(HlsOutput output)
    {
        var tracks = output.Tracks!;
        var sb = new StringBuilder(256);
        sb.Append("#EXTM3U\n");
        sb.Append("#EXT-X-VERSION:").Append(output.Format == HlsFormat.Fmp4 ? "6" : "3").Append('\n');
        sb.Append("#EXT-X-STREAM-INF:BANDWIDTH=").Append(Math.Max(output.PeakBitrate, 1).ToString(Invariant));
        var codecs = tracks.Codecs(output.Format);
        if (codecs.Length > 0) sb.Append(",CODECS=\"").Append(codecs).Append('"');
        if (tracks.Video is { } v && v.Width > 0 && v.Height > 0)
        {
            sb.Append(",RESOLUTION=").Append(v.Width.ToString(Invariant)).Append('x').Append(v.Height.ToString(Invariant));
        }
        if (tracks.FrameRate is double fps && fps is > 0 and < 1000) sb.Append(",FRAME-RATE=").Append(fps.ToString("0.000", Invariant));
        sb.Append('\n');
        sb.Append(MediaPlaylistUri(output.Format)).Append('\n');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Media(HlsOutput output)
    {
        var sb = new StringBuilder(2048);
        bool fmp4 = output.Format == HlsFormat.Fmp4;
        bool ll = output.LowLatency;
        int td = output.TargetDuration;
        sb.Append("#EXTM3U\n");
        sb.Append("#EXT-X-VERSION:").Append(fmp4 ? "6" : "3").Append('\n');
        sb.Append("#EXT-X-TARGETDURATION:").Append(td.ToString(Invariant)).Append('\n');
        if (fmp4)
        {
            sb.Append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES");
            if (ll) sb.Append(",PART-HOLD-BACK=").Append(Seconds(3 * output.PartTarget));
            sb.Append('\n');
            if (ll) sb.Append("#EXT-X-PART-INF:PART-TARGET=").Append(Seconds(output.PartTarget)).Append('\n');
        }

        var segments = output.Segments;
        int first = output.FirstListedIndex;
        var firstSegment = segments[first];
        sb.Append("#EXT-X-MEDIA-SEQUENCE:").Append(firstSegment.Msn.ToString(Invariant)).Append('\n');
        // The first listed segment carries no EXT-X-DISCONTINUITY (nothing precedes it here), so
        // the tag's value is its own Discontinuity Sequence Number (§6.2.2).
        long dsn = firstSegment.DiscontinuitySequence;
        sb.Append("#EXT-X-DISCONTINUITY-SEQUENCE:").Append(dsn.ToString(Invariant)).Append('\n');

        // Parts are listed for the segments that start within 3 target durations of the end (§6.2.2).
        var open = ll ? output.Open : null;
        double fromEnd = open?.Duration ?? 0;
        int partsFrom = segments.Count;
        for (int i = segments.Count - 1; i >= first && ll; i--)
        {
            fromEnd += segments[i].Duration;
            if (fromEnd > 3 * td) break;
            partsFrom = i;
        }

        int previousInit = -1;
        for (int i = first; i < segments.Count; i++)
        {
            var s = segments[i];
            AppendHeader(sb, output, s, fmp4, ref previousInit, i == first);
            if (i >= partsFrom) AppendParts(sb, output.Instance, s);
            sb.Append("#EXTINF:").Append(Seconds(s.Duration)).Append(",\n");
            sb.Append(SegmentUri(output.Instance, s.Msn, output.Format)).Append('\n');
        }
        if (open is not null)
        {
            AppendHeader(sb, output, open, fmp4, ref previousInit, first: false);
            AppendParts(sb, output.Instance, open);
            sb.Append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").Append(PartUri(output.Instance, open.Msn, open.Parts.Count)).Append("\"\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static void AppendHeader(StringBuilder sb, HlsOutput output, HlsSegment s, bool fmp4, ref int previousInit, bool first)
    {
        if (s.Discontinuity && !first) sb.Append("#EXT-X-DISCONTINUITY\n");
        if (fmp4 && (first || s.Discontinuity || s.InitVersion != previousInit))
        {
            sb.Append("#EXT-X-MAP:URI=\"").Append(InitUri(output.Instance, s.InitVersion)).Append("\"\n");
        }
        previousInit = s.InitVersion;
        sb.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(s.ProgramDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Invariant)).Append('\n');
    }

    private static void AppendParts(StringBuilder sb, string instance, HlsSegment s)
    {
        foreach (var p in s.Parts)
        {
            sb.Append("#EXT-X-PART:DURATION=").Append(Seconds(p.Duration)).Append(",URI=\"").Append(PartUri(instance, s.Msn, p.Index)).Append('"');
            if (p.Independent) sb.Append(",INDEPENDENT=YES");
            sb.Append('\n');
        }
    }

    /// <summary>Decimal-floating-point seconds (§4.2), 5 decimals: exact for 90 kHz frame durations to 10 µs.</summary>
    private static string Seconds(double seconds) => seconds.ToString("0.00000", Invariant);
}
