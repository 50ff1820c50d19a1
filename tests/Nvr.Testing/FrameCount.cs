using System.Globalization;

namespace Nvr.Testing;

/// <summary>Per-stream packet counts and timestamp spans from ffmpeg's <c>framecrc</c> muxer.</summary>
public sealed record FrameCount
{
    /// <summary>One entry per output stream.</summary>
    public IReadOnlyList<StreamFrames> Streams { get; init; } = [];

    /// <summary>The first video stream, if any.</summary>
    public StreamFrames? Video => Streams.FirstOrDefault(s => s.MediaType == "video");

    /// <summary>The first audio stream, if any.</summary>
    public StreamFrames? Audio => Streams.FirstOrDefault(s => s.MediaType == "audio");

    /// <summary>
    /// Parses framecrc output:
    /// <code>
    /// #tb 0: 1/90000
    /// #media_type 0: video
    /// #codec_id 0: h264
    /// #stream#, dts,        pts, duration,     size, hash
    /// 0,          0,          0,     6000,     1458, 0x6ecd0194[, F=0x0][, S=1, 16]
    /// </code>
    /// </summary>
    public static FrameCount Parse(string framecrc)
    {
        var streams = new SortedDictionary<int, Builder>();
        Builder Get(int i) => streams.TryGetValue(i, out var b) ? b : streams[i] = new Builder { Index = i };

        foreach (var raw in framecrc.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                ParseHeader(line, Get);
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length < 5 || !TryInt(fields[0], out var index) || !TryLong(fields[1], out var dts) || !TryLong(fields[3], out var duration)) continue;
            var s = Get((int)index);
            if (s.Frames == 0) s.FirstDts = dts;
            else if (dts <= s.LastDts) s.NonIncreasing++;
            s.Frames++;
            s.LastDts = dts;
            s.LastDuration = duration;
        }

        return new FrameCount { Streams = [.. streams.Values.Select(b => b.Build())] };
    }

    private static void ParseHeader(string line, Func<int, Builder> get)
    {
        // "#key N: value"
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (space < 0 || colon < space || !TryInt(line[(space + 1)..colon], out var index)) return;
        var key = line[1..space];
        var value = line[(colon + 1)..].Trim();
        var s = get((int)index);
        switch (key)
        {
            case "tb":
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && TryLong(value[..slash], out var num) && TryLong(value[(slash + 1)..], out var den) && den != 0)
                {
                    s.TbNum = num;
                    s.TbDen = den;
                }

                break;
            case "media_type":
                s.MediaType = value;
                break;
            case "codec_id":
                s.CodecId = value;
                break;
        }
    }

    private static bool TryInt(string s, out long value) => long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryLong(string s, out long value) => long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private sealed class Builder
    {
        public int Index;
        public string MediaType = "";
        public string CodecId = "";
        public long TbNum = 1;
        public long TbDen = 1;
        public int Frames;
        public long FirstDts;
        public long LastDts;
        public long LastDuration;
        public int NonIncreasing;

        public StreamFrames Build() => new()
        {
            Index = Index,
            MediaType = MediaType,
            CodecId = CodecId,
            Frames = Frames,
            TimeBaseNumerator = TbNum,
            TimeBaseDenominator = TbDen,
            FirstDts = FirstDts,
            LastDts = LastDts,
            LastDuration = LastDuration,
            NonIncreasingDts = NonIncreasing,
        };
    }
}
