using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Nvr.Media.Tests.Mp4;

/// <summary>
/// A short real clip encoded by ffmpeg at test time (testsrc + sine through libx264/libx265 and
/// aac/pcm_alaw/pcm_mulaw), taken apart into <see cref="MediaUnit"/>s the way a Feed carries
/// them: video as AVCC samples with SPS/PPS/VPS from the Annex B stream, audio as raw frames.
/// Timestamps are rebased by +10 s (AAC priming starts at −1024) and get a wallclock.
/// </summary>
internal sealed record TestClip(string Name, IReadOnlyList<TrackDescription> Tracks, IReadOnlyList<MediaUnit> Units)
{
    public const int VideoTrackId = 0;
    public const int AudioTrackId = 1;
    public const int Width = 320;
    public const int Height = 240;
    public const int FrameRate = 25;
    public static readonly DateTime WallClockBase = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly ConcurrentDictionary<string, Lazy<TestClip>> Cache = new();

    public int VideoFrames => Units.Count(u => u.TrackId == VideoTrackId);
    public int AudioFrames => Units.Count(u => u.TrackId == AudioTrackId);
    public TrackDescription Video => Tracks.First(t => t.Kind == TrackKind.Video);
    public TrackDescription? Audio => Tracks.FirstOrDefault(t => t.Kind == TrackKind.Audio);

    /// <param name="video">"h264" or "h265"</param>
    /// <param name="audio">"aac", "pcm_alaw", "pcm_mulaw" or "" for none</param>
    public static TestClip Get(string video, string audio, int bframes = 0, double seconds = 4) =>
        Cache.GetOrAdd($"{video}-{audio}-{bframes}-{seconds}", key => new Lazy<TestClip>(() => Generate(key, video, audio, bframes, seconds))).Value;

    private static TestClip Generate(string name, string video, string audio, int bframes, double seconds)
    {
        using var dir = new TempDir("nvr-mp4-clip");
        string mov = dir.File("clip.mov");
        var args = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate={FrameRate}" };
        int sampleRate = audio == "aac" ? 48000 : 8000;
        if (audio != "") args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=1000:sample_rate={sampleRate}"]);
        args.AddRange(["-t", seconds.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-g", FrameRate.ToString(CultureInfo.InvariantCulture),
            "-bf", bframes.ToString(CultureInfo.InvariantCulture)]);
        if (video == "h264") args.AddRange(["-c:v", "libx264"]);
        else args.AddRange(["-c:v", "libx265", "-x265-params", $"log-level=error:open-gop=0:bframes={bframes}"]);
        if (audio == "aac") args.AddRange(["-c:a", "aac", "-ac", "1"]);
        else if (audio != "") args.AddRange(["-c:a", audio, "-ar", "8000", "-ac", "1"]);
        args.Add(mov);
        FfmpegRunner.Check("ffmpeg", args);

        // Parameter sets from the Annex B elementary stream (independent of any MP4 parsing).
        string es = dir.File("video.es");
        FfmpegRunner.Check("ffmpeg", ["-v", "error", "-y", "-i", mov, "-map", "0:v", "-c", "copy",
            "-bsf:v", video == "h264" ? "h264_mp4toannexb" : "hevc_mp4toannexb", "-f", video == "h264" ? "h264" : "hevc", es]);
        var nals = SplitAnnexB(File.ReadAllBytes(es));
        var tracks = new List<TrackDescription>();
        if (video == "h264")
        {
            var sps = nals.First(n => (n[0] & 0x1F) == 7);
            tracks.Add(new TrackDescription
            {
                Id = VideoTrackId, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000,
                Sps = sps, Pps = nals.First(n => (n[0] & 0x1F) == 8), Width = Width, Height = Height, Profile = sps[1], Level = sps[3],
            });
        }
        else
        {
            tracks.Add(new TrackDescription
            {
                Id = VideoTrackId, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
                Vps = nals.First(n => ((n[0] >> 1) & 0x3F) == 32), Sps = nals.First(n => ((n[0] >> 1) & 0x3F) == 33),
                Pps = nals.First(n => ((n[0] >> 1) & 0x3F) == 34), Width = Width, Height = Height,
            });
        }

        using var streams = JsonDocument.Parse(FfmpegRunner.Check("ffprobe", ["-v", "error", "-show_streams", "-show_data", "-of", "json", mov]).StdOut);
        var timeBases = new Dictionary<int, (long Num, long Den)>();
        int audioIndex = -1, videoIndex = -1;
        foreach (var s in streams.RootElement.GetProperty("streams").EnumerateArray())
        {
            int index = s.GetProperty("index").GetInt32();
            var tb = s.GetProperty("time_base").GetString()!.Split('/');
            timeBases[index] = (long.Parse(tb[0], CultureInfo.InvariantCulture), long.Parse(tb[1], CultureInfo.InvariantCulture));
            if (s.GetProperty("codec_type").GetString() == "video") videoIndex = index;
            else
            {
                audioIndex = index;
                var codec = audio switch { "aac" => MediaCodec.Aac, "pcm_alaw" => MediaCodec.Pcma, _ => MediaCodec.Pcmu };
                tracks.Add(new TrackDescription
                {
                    Id = AudioTrackId, Kind = TrackKind.Audio, Codec = codec, ClockRate = sampleRate, SampleRate = sampleRate, Channels = 1,
                    AudioSpecificConfig = codec == MediaCodec.Aac ? ParseHexDump(s.GetProperty("extradata").GetString()!) : null,
                });
            }
        }

        using var packets = JsonDocument.Parse(FfmpegRunner.Check("ffprobe", ["-v", "error", "-show_packets", "-of", "json", mov]).StdOut);
        var file = File.ReadAllBytes(mov);
        var units = new List<MediaUnit>();
        foreach (var p in packets.RootElement.GetProperty("packets").EnumerateArray())
        {
            int index = p.GetProperty("stream_index").GetInt32();
            long pos = long.Parse(p.GetProperty("pos").GetString()!, CultureInfo.InvariantCulture);
            int size = int.Parse(p.GetProperty("size").GetString()!, CultureInfo.InvariantCulture);
            long pts = p.GetProperty("pts").GetInt64();
            long dts = p.GetProperty("dts").GetInt64();
            bool key = p.GetProperty("flags").GetString()!.StartsWith('K');
            var payload = file.AsSpan((int)pos, size).ToArray();
            var (num, den) = timeBases[index];
            if (index == videoIndex)
            {
                units.Add(Unit(VideoTrackId, 90000, Rescale(pts, num, den, 90000), Rescale(dts, num, den, 90000), key, payload));
            }
            else if (audio == "aac")
            {
                units.Add(Unit(AudioTrackId, sampleRate, Rescale(pts, num, den, sampleRate), Rescale(dts, num, den, sampleRate), true, payload));
            }
            else
            {
                // G.711 as cameras send it: 20 ms frames of 160 bytes (1 byte a sample at 8 kHz, mono).
                long t = Rescale(dts, num, den, sampleRate);
                for (int off = 0; off < payload.Length; off += 160)
                {
                    int n = Math.Min(160, payload.Length - off);
                    units.Add(Unit(AudioTrackId, sampleRate, t + off, t + off, true, payload.AsSpan(off, n).ToArray()));
                }
            }
        }
        // The order a Feed delivers: by decode time across tracks.
        var ordered = units.Select((u, i) => (u, i))
            .OrderBy(x => (double)x.u.Dts / (x.u.TrackId == VideoTrackId ? 90000 : sampleRate))
            .ThenBy(x => x.u.TrackId).ThenBy(x => x.i).Select(x => x.u).ToArray();
        return new TestClip(name, tracks, ordered);
    }

    private static MediaUnit Unit(int track, int clock, long pts, long dts, bool key, byte[] payload)
    {
        long offset = 10L * clock;
        var wall = WallClockBase.AddTicks((long)((Int128)pts * TimeSpan.TicksPerSecond / clock));
        return new MediaUnit(track, pts + offset, dts + offset, key, payload, wall);
    }

    private static long Rescale(long value, long num, long den, long clock) =>
        (long)Math.Round((double)value * num * clock / den, MidpointRounding.AwayFromZero);

    /// <summary>NAL units of an Annex B byte stream (start codes 00 00 01 / 00 00 00 01 removed).</summary>
    public static List<byte[]> SplitAnnexB(byte[] data)
    {
        var starts = new List<(int Start, int Payload)>();
        for (int i = 0; i + 3 <= data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                int start = i > 0 && data[i - 1] == 0 ? i - 1 : i;
                starts.Add((start, i + 3));
                i += 2;
            }
        }
        var nals = new List<byte[]>();
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? starts[k + 1].Start : data.Length;
            nals.Add(data.AsSpan(starts[k].Payload, end - starts[k].Payload).ToArray());
        }
        return nals;
    }

    /// <summary>Parses ffprobe's -show_data hex dump ("00000000: 1188 56e5 00    ..V..").</summary>
    public static byte[] ParseHexDump(string dump)
    {
        var bytes = new List<byte>();
        foreach (var line in dump.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            var hex = line.Substring(colon + 2, Math.Min(40, line.Length - colon - 2)).Replace(" ", "", StringComparison.Ordinal);
            for (int i = 0; i + 1 < hex.Length; i += 2) bytes.Add(byte.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        return bytes.ToArray();
    }
}
