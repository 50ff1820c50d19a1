namespace Nvr.Hls;

/// <summary>
/// One HTTP request below <c>/live/&lt;camera&gt;/</c>, parsed from the path remainder and the
/// query string: which resource, in which format, with which Delivery Directives
/// (RFC 8216bis §6.2.5: <c>_HLS_msn</c>, <c>_HLS_part</c>, <c>_HLS_skip</c>).
/// </summary>
/// <remarks>
/// <para>URI scheme (all relative to the multivariant playlist, so a reverse proxy may mount it anywhere):</para>
/// <code>
/// index.m3u8[?format=ts|fmp4]      multivariant playlist → fmp4.m3u8 or ts.m3u8
/// fmp4.m3u8[?_HLS_msn=M[&amp;_HLS_part=N]]   fMP4 / LL-HLS media playlist (blocking reload)
/// ts.m3u8                          MPEG-TS media playlist
/// {id}-init{v}.mp4                 fMP4 init section, description version v
/// {id}-{msn}.m4s                   fMP4 segment        {id}-{msn}.{part}.m4s   LL-HLS part
/// {id}-{msn}.ts                    MPEG-TS segment
/// </code>
/// <para>{id} is the muxer instance (lower-case hex): a muxer closed for idleness and created
/// again never reuses a URI, which is what makes segments cacheable as immutable.</para>
/// <para>Parsing is bounded (path ≤ <see cref="MaxPathLength"/>, query ≤ <see cref="MaxQueryLength"/>,
/// numbers ≤ 18 digits) and never throws on content: unknown paths are
/// <see cref="HlsResourceKind.NotFound"/>, malformed directives <see cref="HlsResourceKind.BadRequest"/>.
/// Unknown query parameters are ignored (RFC 8216bis §6.2.5 reserves only those starting with
/// <c>_HLS_</c>; cache busters and tokens pass through).</para>
/// </remarks>
public sealed record HlsRequest
{
    public const int MaxPathLength = 128;
    public const int MaxQueryLength = 1024;
    /// <summary>Longest muxer instance id accepted in a URI.</summary>
    public const int MaxInstanceLength = 16;

    public HlsResourceKind Kind { get; init; }
    public HlsFormat Format { get; init; }
    /// <summary>Muxer instance id from a segment, part or init URI; null for playlists.</summary>
    public string? Instance { get; init; }
    /// <summary>Media Sequence Number of a segment or part URI; -1 otherwise.</summary>
    public long Msn { get; init; } = -1;
    /// <summary>Part index of a part URI; -1 otherwise.</summary>
    public int Part { get; init; } = -1;
    /// <summary>Init section version of an init URI; 0 otherwise.</summary>
    public int InitVersion { get; init; }
    /// <summary><c>_HLS_msn</c>: hold the playlist until segment M (or part N of it) exists.</summary>
    public long? BlockMsn { get; init; }
    /// <summary><c>_HLS_part</c> (only with <see cref="BlockMsn"/>).</summary>
    public int? BlockPart { get; init; }
    /// <summary>Why the request is <see cref="HlsResourceKind.BadRequest"/> or <see cref="HlsResourceKind.NotFound"/>.</summary>
    public string? Error { get; init; }

    /// <summary>A request for the fMP4 media playlist, blocking until part <paramref name="part"/> of segment <paramref name="msn"/> when given.</summary>
    public static HlsRequest MediaPlaylist(HlsFormat format, long? msn = null, int? part = null) =>
        new() { Kind = HlsResourceKind.MediaPlaylist, Format = format, BlockMsn = msn, BlockPart = part };

    /// <summary>
    /// Parses the path remainder (e.g. <c>fmp4.m3u8</c>, a leading '/' is ignored) and the raw
    /// query (with or without the leading '?', may be empty).
    /// </summary>
    public static HlsRequest Parse(ReadOnlySpan<char> path, ReadOnlySpan<char> query)
    {
        if (path.StartsWith('/')) path = path[1..];
        if (path.Length is 0 or > MaxPathLength || path.IndexOfAny('/', '\\') >= 0) return NotFound("unknown path");
        if (query.StartsWith('?')) query = query[1..];
        if (query.Length > MaxQueryLength) return Bad("query too long");

        if (path.SequenceEqual("index.m3u8"))
        {
            var q = ParseQuery(query);
            if (q.Error is not null) return Bad(q.Error);
            return new HlsRequest { Kind = HlsResourceKind.MultivariantPlaylist, Format = q.Format ?? HlsFormat.Fmp4 };
        }
        if (path.SequenceEqual("fmp4.m3u8") || path.SequenceEqual("ts.m3u8"))
        {
            var q = ParseQuery(query);
            if (q.Error is not null) return Bad(q.Error);
            // RFC 8216bis §6.2.5.2: _HLS_part without _HLS_msn MUST be answered with Bad Request.
            if (q.Part is not null && q.Msn is null) return Bad("_HLS_part without _HLS_msn");
            var format = path[0] == 't' ? HlsFormat.MpegTs : HlsFormat.Fmp4;
            return MediaPlaylist(format, q.Msn, q.Part);
        }
        return ParseMediaResource(path);
    }

    /// <summary>Parses <c>{id}-init{v}.mp4</c>, <c>{id}-{msn}.m4s</c>, <c>{id}-{msn}.{part}.m4s</c>, <c>{id}-{msn}.ts</c>.</summary>
    private static HlsRequest ParseMediaResource(ReadOnlySpan<char> path)
    {
        int dash = path.IndexOf('-');
        if (dash <= 0 || dash > MaxInstanceLength) return NotFound("unknown path");
        var id = path[..dash];
        foreach (char c in id)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'z')) return NotFound("bad instance id");
        }
        var rest = path[(dash + 1)..];
        int dot = rest.LastIndexOf('.');
        if (dot <= 0) return NotFound("unknown path");
        var extension = rest[(dot + 1)..];
        var name = rest[..dot];
        var instance = id.ToString();

        if (extension.SequenceEqual("mp4"))
        {
            if (!name.StartsWith("init") || !TryParseNumber(name[4..], out long version) || version is < 1 or > int.MaxValue) return NotFound("unknown init");
            return new HlsRequest { Kind = HlsResourceKind.Init, Format = HlsFormat.Fmp4, Instance = instance, InitVersion = (int)version };
        }
        if (extension.SequenceEqual("ts"))
        {
            if (!TryParseNumber(name, out long msn)) return NotFound("unknown segment");
            return new HlsRequest { Kind = HlsResourceKind.Segment, Format = HlsFormat.MpegTs, Instance = instance, Msn = msn };
        }
        if (extension.SequenceEqual("m4s"))
        {
            int partDot = name.IndexOf('.');
            if (partDot < 0)
            {
                if (!TryParseNumber(name, out long msn)) return NotFound("unknown segment");
                return new HlsRequest { Kind = HlsResourceKind.Segment, Format = HlsFormat.Fmp4, Instance = instance, Msn = msn };
            }
            if (!TryParseNumber(name[..partDot], out long partMsn) || !TryParseNumber(name[(partDot + 1)..], out long part) || part > int.MaxValue)
            {
                return NotFound("unknown part");
            }
            return new HlsRequest { Kind = HlsResourceKind.Part, Format = HlsFormat.Fmp4, Instance = instance, Msn = partMsn, Part = (int)part };
        }
        return NotFound("unknown path");
    }

    private readonly record struct Query(HlsFormat? Format, long? Msn, int? Part, string? Error);

    private static Query ParseQuery(ReadOnlySpan<char> query)
    {
        HlsFormat? format = null;
        long? msn = null;
        int? part = null;
        while (!query.IsEmpty)
        {
            int amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? default : query[(amp + 1)..];
            if (pair.IsEmpty) continue;
            int eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? default : pair[(eq + 1)..];
            if (key.SequenceEqual("format"))
            {
                if (value.SequenceEqual("ts")) format = HlsFormat.MpegTs;
                else if (value.SequenceEqual("fmp4") || value.SequenceEqual("mp4")) format = HlsFormat.Fmp4;
                else return new Query(null, null, null, "format must be ts or fmp4");
            }
            else if (key.SequenceEqual("_HLS_msn"))
            {
                if (!TryParseNumber(value, out long m)) return new Query(null, null, null, "_HLS_msn is not a decimal-integer");
                msn = m;
            }
            else if (key.SequenceEqual("_HLS_part"))
            {
                if (!TryParseNumber(value, out long p) || p > int.MaxValue) return new Query(null, null, null, "_HLS_part is not a decimal-integer");
                part = (int)p;
            }
            // _HLS_skip: delta updates are not offered (no CAN-SKIP-UNTIL), so RFC 8216bis §6.2.5.1 says ignore it.
        }
        return new Query(format, msn, part, null);
    }

    /// <summary>RFC 8216bis §4.2 decimal-integer, capped at 18 digits so it fits a long.</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 18) return false;
        foreach (char c in text)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static HlsRequest NotFound(string error) => new() { Kind = HlsResourceKind.NotFound, Error = error };

    private static HlsRequest Bad(string error) => new() { Kind = HlsResourceKind.BadRequest, Error = error };
}
