using System.Globalization;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// A test-side parser of HLS playlists (RFC 8216bis §4), independent of the library's writer:
/// media playlists with LL-HLS tags and multivariant playlists. Bounded (<see cref="MaxLines"/>,
/// <see cref="MaxLineLength"/>); malformed input throws <see cref="FormatException"/> only.
/// </summary>
public static class M3u8
{
    public const int MaxLines = 20_000;
    public const int MaxLineLength = 8192;

    public sealed record Part(double Duration, string Uri, bool Independent);

    public sealed record Segment(long Msn, double Duration, string Uri, DateTime? ProgramDateTime, bool Discontinuity, string? Map, IReadOnlyList<Part> Parts);

    public sealed class MediaPlaylist
    {
        public int Version { get; set; }
        public int? TargetDuration { get; set; }
        public long? MediaSequence { get; set; }
        public long DiscontinuitySequence { get; set; }
        public double? PartTarget { get; set; }
        public double? PartHoldBack { get; set; }
        public bool CanBlockReload { get; set; }
        public bool EndList { get; set; }
        public bool HasPlaylistType { get; set; }
        public List<Segment> Segments { get; } = [];
        /// <summary>Parts after the last complete segment (the segment in progress).</summary>
        public List<Part> OpenParts { get; } = [];
        public DateTime? OpenProgramDateTime { get; set; }
        public long OpenMsn => (MediaSequence ?? 0) + Segments.Count;
        public List<(string Type, string Uri)> PreloadHints { get; } = [];
        public List<string> Maps { get; } = [];
        public double TotalDuration => Segments.Sum(s => s.Duration);

        /// <summary>PDT of the newest listed part: its segment's PDT plus the parts before it.</summary>
        public DateTime? NewestPartProgramDateTime()
        {
            if (OpenParts.Count > 0 && OpenProgramDateTime is { } open)
            {
                return open.AddSeconds(OpenParts.Take(OpenParts.Count - 1).Sum(p => p.Duration));
            }
            var last = Segments.LastOrDefault(s => s.Parts.Count > 0);
            if (last?.ProgramDateTime is not { } pdt) return null;
            return pdt.AddSeconds(last.Parts.Take(last.Parts.Count - 1).Sum(p => p.Duration));
        }
    }

    public sealed record Variant(long Bandwidth, string? Codecs, string? Resolution, string? FrameRate, string Uri);

    public static MediaPlaylist ParseMedia(string text)
    {
        var lines = Lines(text);
        var p = new MediaPlaylist();
        double? extinf = null;
        DateTime? pdt = null;
        bool discontinuity = false;
        string? map = null;
        var parts = new List<Part>();
        for (int i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if (!line.StartsWith('#'))
            {
                if (extinf is null) throw new FormatException($"line {i + 1}: URI without EXTINF");
                p.Segments.Add(new Segment((p.MediaSequence ?? 0) + p.Segments.Count, extinf.Value, line, pdt, discontinuity, map, parts.ToArray()));
                extinf = null;
                pdt = null;
                discontinuity = false;
                parts.Clear();
                continue;
            }
            var (tag, value) = SplitTag(line);
            switch (tag)
            {
                case "#EXT-X-VERSION": p.Version = Int(value, i); break;
                case "#EXT-X-TARGETDURATION": p.TargetDuration = Int(value, i); break;
                case "#EXT-X-MEDIA-SEQUENCE": p.MediaSequence = Long(value, i); break;
                case "#EXT-X-DISCONTINUITY-SEQUENCE": p.DiscontinuitySequence = Long(value, i); break;
                case "#EXT-X-ENDLIST": p.EndList = true; break;
                case "#EXT-X-PLAYLIST-TYPE": p.HasPlaylistType = true; break;
                case "#EXT-X-DISCONTINUITY": discontinuity = true; break;
                case "#EXT-X-PROGRAM-DATE-TIME":
                    if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                        throw new FormatException($"line {i + 1}: bad date {value}");
                    pdt = d;
                    break;
                case "#EXTINF":
                    var comma = value.IndexOf(',');
                    extinf = Double(comma < 0 ? value : value[..comma], i);
                    break;
                case "#EXT-X-MAP":
                    map = Attributes(value, i).GetValueOrDefault("URI") ?? throw new FormatException($"line {i + 1}: MAP without URI");
                    p.Maps.Add(map);
                    break;
                case "#EXT-X-SERVER-CONTROL":
                    var sc = Attributes(value, i);
                    p.CanBlockReload = sc.GetValueOrDefault("CAN-BLOCK-RELOAD") == "YES";
                    if (sc.TryGetValue("PART-HOLD-BACK", out var phb)) p.PartHoldBack = Double(phb, i);
                    break;
                case "#EXT-X-PART-INF":
                    p.PartTarget = Double(Attributes(value, i).GetValueOrDefault("PART-TARGET") ?? throw new FormatException($"line {i + 1}: no PART-TARGET"), i);
                    break;
                case "#EXT-X-PART":
                    var a = Attributes(value, i);
                    parts.Add(new Part(Double(a.GetValueOrDefault("DURATION") ?? throw new FormatException($"line {i + 1}: part without DURATION"), i),
                        a.GetValueOrDefault("URI") ?? throw new FormatException($"line {i + 1}: part without URI"), a.GetValueOrDefault("INDEPENDENT") == "YES"));
                    break;
                case "#EXT-X-PRELOAD-HINT":
                    var h = Attributes(value, i);
                    p.PreloadHints.Add((h.GetValueOrDefault("TYPE") ?? "", h.GetValueOrDefault("URI") ?? throw new FormatException($"line {i + 1}: hint without URI")));
                    break;
            }
        }
        p.OpenParts.AddRange(parts);
        p.OpenProgramDateTime = pdt;
        return p;
    }

    public static List<Variant> ParseMultivariant(string text)
    {
        var lines = Lines(text);
        var variants = new List<Variant>();
        Dictionary<string, string>? pending = null;
        for (int i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if (line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                pending = Attributes(line["#EXT-X-STREAM-INF:".Length..], i);
            }
            else if (!line.StartsWith('#') && pending is not null)
            {
                variants.Add(new Variant(Long(pending.GetValueOrDefault("BANDWIDTH") ?? throw new FormatException("no BANDWIDTH"), i),
                    pending.GetValueOrDefault("CODECS"), pending.GetValueOrDefault("RESOLUTION"), pending.GetValueOrDefault("FRAME-RATE"), line));
                pending = null;
            }
        }
        return variants;
    }

    private static List<string> Lines(string text)
    {
        if (text.Length > MaxLines * 64) throw new FormatException("playlist too long");
        var lines = text.Split('\n');
        if (lines.Length > MaxLines) throw new FormatException("too many lines");
        var result = new List<string>(lines.Length);
        foreach (var l in lines)
        {
            var line = l.TrimEnd('\r');
            if (line.Length > MaxLineLength) throw new FormatException("line too long");
            result.Add(line);
        }
        if (result.Count == 0 || result[0] != "#EXTM3U") throw new FormatException("first line is not #EXTM3U");
        return result;
    }

    private static (string Tag, string Value) SplitTag(string line)
    {
        int colon = line.IndexOf(':');
        return colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..]);
    }

    /// <summary>RFC 8216bis §4.2 attribute list: NAME=value pairs, quoted strings may hold commas.</summary>
    public static Dictionary<string, string> Attributes(string list, int line)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < list.Length)
        {
            int eq = list.IndexOf('=', i);
            if (eq < 0) throw new FormatException($"line {line + 1}: attribute without '='");
            var name = list[i..eq];
            i = eq + 1;
            string value;
            if (i < list.Length && list[i] == '"')
            {
                int close = list.IndexOf('"', i + 1);
                if (close < 0) throw new FormatException($"line {line + 1}: unterminated quoted string");
                value = list[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                int comma = list.IndexOf(',', i);
                value = comma < 0 ? list[i..] : list[i..comma];
                i = comma < 0 ? list.Length : comma;
            }
            result[name] = value;
            if (i < list.Length)
            {
                if (list[i] != ',') throw new FormatException($"line {line + 1}: expected ','");
                i++;
            }
        }
        return result;
    }

    private static int Int(string s, int line) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"line {line + 1}: bad integer '{s}'");

    private static long Long(string s, int line) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"line {line + 1}: bad integer '{s}'");

    private static double Double(string s, int line) =>
        double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw new FormatException($"line {line + 1}: bad number '{s}'");
}
