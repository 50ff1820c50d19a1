using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Nvr.Media;
using Nvr.Testing;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// A real clip encoded by ffmpeg at test time (testsrc + sine; libx264/libx265; aac, pcm_alaw or
/// pcm_mulaw), taken apart into the units a Feed carries: AVCC video with the parameter sets from
/// the Annex B stream, raw audio frames (G.711 as 20 ms frames), wallclock = anchor + PTS. Same
/// recipe as the fMP4 tests' TestClip.
/// </summary>
internal sealed record ClipSource(IReadOnlyList<TrackDescription> Tracks, IReadOnlyList<MediaUnit> Units)
{
    public const int Fps = 25;
    private static readonly ConcurrentDictionary<string, Lazy<Task<ClipSource>>> Cache = new();

    public int VideoFrames => Units.Count(u => u.TrackId == 0);

    public static Task<ClipSource> GetAsync(string video, string audio, int seconds, DateTime anchor) =>
        Cache.GetOrAdd($"{video}-{audio}-{seconds}-{anchor.Ticks}", _ => new Lazy<Task<ClipSource>>(() => GenerateAsync(video, audio, seconds, anchor))).Value;

    private static async Task<ClipSource> GenerateAsync(string video, string audio, int seconds, DateTime anchor)
    {
        var dir = Directory.CreateTempSubdirectory("nvr-rec-clip-").FullName;
        try
        {
            string I(long v) => v.ToString(CultureInfo.InvariantCulture);
            var mov = Path.Combine(dir, "clip.mov");
            int rate = audio == "aac" ? 48000 : 8000;
            var args = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate={Fps}" };
            if (audio != "") args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=1000:sample_rate={rate}"]);
            args.AddRange(["-t", I(seconds), "-pix_fmt", "yuv420p", "-g", I(Fps), "-bf", "0"]);
            args.AddRange(video == "h264" ? ["-c:v", "libx264", "-preset", "ultrafast"] : ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:bframes=0:pools=1:frame-threads=1"]);
            if (audio == "aac") args.AddRange(["-c:a", "aac", "-ac", "1"]);
            else if (audio != "") args.AddRange(["-c:a", audio, "-ar", "8000", "-ac", "1"]);
            args.Add(mov);
            await Check(await Ffmpeg.RunAsync(args, TimeSpan.FromSeconds(120)));

            var es = Path.Combine(dir, "video.es");
            await Check(await Ffmpeg.RunAsync(["-v", "error", "-y", "-i", mov, "-map", "0:v", "-c", "copy",
                "-bsf:v", video == "h264" ? "h264_mp4toannexb" : "hevc_mp4toannexb", "-f", video == "h264" ? "h264" : "hevc", es], TimeSpan.FromSeconds(60)));
            var nals = SplitAnnexB(await File.ReadAllBytesAsync(es));
            var tracks = new List<TrackDescription>();
            if (video == "h264")
            {
                tracks.Add(new TrackDescription
                {
                    Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Width = 320, Height = 240,
                    Sps = nals.First(n => (n[0] & 0x1F) == 7), Pps = nals.First(n => (n[0] & 0x1F) == 8),
                });
            }
            else
            {
                tracks.Add(new TrackDescription
                {
                    Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000, Width = 320, Height = 240,
                    Vps = nals.First(n => ((n[0] >> 1) & 0x3F) == 32), Sps = nals.First(n => ((n[0] >> 1) & 0x3F) == 33),
                    Pps = nals.First(n => ((n[0] >> 1) & 0x3F) == 34),
                });
            }

            var probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_streams", "-show_data", "-show_packets", "-of", "json", mov], TimeSpan.FromSeconds(60));
            await Check(probe);
            using var json = JsonDocument.Parse(probe.StandardOutput);
            var timeBases = new Dictionary<int, (long Num, long Den)>();
            int videoIndex = -1;
            foreach (var s in json.RootElement.GetProperty("streams").EnumerateArray())
            {
                int index = s.GetProperty("index").GetInt32();
                var tb = s.GetProperty("time_base").GetString()!.Split('/');
                timeBases[index] = (long.Parse(tb[0], CultureInfo.InvariantCulture), long.Parse(tb[1], CultureInfo.InvariantCulture));
                if (s.GetProperty("codec_type").GetString() == "video")
                {
                    videoIndex = index;
                    continue;
                }
                var codec = audio switch { "aac" => MediaCodec.Aac, "pcm_alaw" => MediaCodec.Pcma, _ => MediaCodec.Pcmu };
                tracks.Add(new TrackDescription
                {
                    Id = 1, Kind = TrackKind.Audio, Codec = codec, ClockRate = rate, SampleRate = rate, Channels = 1,
                    AudioSpecificConfig = codec == MediaCodec.Aac ? ParseHexDump(s.GetProperty("extradata").GetString()!) : null,
                });
            }

            var file = await File.ReadAllBytesAsync(mov);
            var units = new List<(double At, MediaUnit Unit)>();
            foreach (var p in json.RootElement.GetProperty("packets").EnumerateArray())
            {
                int index = p.GetProperty("stream_index").GetInt32();
                long pos = long.Parse(p.GetProperty("pos").GetString()!, CultureInfo.InvariantCulture);
                int size = int.Parse(p.GetProperty("size").GetString()!, CultureInfo.InvariantCulture);
                long pts = p.GetProperty("pts").GetInt64(), dts = p.GetProperty("dts").GetInt64();
                bool key = p.GetProperty("flags").GetString()!.StartsWith('K');
                var payload = file.AsSpan((int)pos, size).ToArray();
                var (num, den) = timeBases[index];
                if (index == videoIndex)
                {
                    units.Add(Unit(0, 90000, Rescale(pts, num, den, 90000), Rescale(dts, num, den, 90000), key, payload, anchor));
                }
                else if (audio == "aac")
                {
                    units.Add(Unit(1, rate, Rescale(pts, num, den, rate), Rescale(dts, num, den, rate), true, payload, anchor));
                }
                else
                {
                    long t = Rescale(dts, num, den, rate);
                    for (int off = 0; off < payload.Length; off += 160)
                    {
                        units.Add(Unit(1, rate, t + off, t + off, true, payload.AsSpan(off, Math.Min(160, payload.Length - off)).ToArray(), anchor));
                    }
                }
            }
            return new ClipSource(tracks, units.OrderBy(u => u.At).ThenBy(u => u.Unit.TrackId).Select(u => u.Unit).ToList());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Media time of a unit from the start of the clip (units are rebased by +1 s: AAC priming starts at −1024).</summary>
    public TimeSpan At(MediaUnit u) => TimeSpan.FromTicks((long)((Int128)u.Dts * TimeSpan.TicksPerSecond / Tracks.First(t => t.Id == u.TrackId).ClockRate)) - TimeSpan.FromSeconds(1);

    private static (double, MediaUnit) Unit(int track, int clock, long pts, long dts, bool key, byte[] payload, DateTime anchor)
    {
        long offset = clock; // +1 s
        var wall = anchor.AddTicks((long)((Int128)pts * TimeSpan.TicksPerSecond / clock));
        return ((double)dts / clock, new MediaUnit(track, pts + offset, dts + offset, key, payload, wall));
    }

    private static long Rescale(long value, long num, long den, long clock) =>
        (long)Math.Round((double)value * num * clock / den, MidpointRounding.AwayFromZero);

    private static async Task Check(ProcessResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException("tool failed: " + r);
        await Task.CompletedTask;
    }

    private static List<byte[]> SplitAnnexB(byte[] data)
    {
        var starts = new List<(int Start, int Payload)>();
        for (int i = 0; i + 3 <= data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                starts.Add((i > 0 && data[i - 1] == 0 ? i - 1 : i, i + 3));
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

    private static byte[] ParseHexDump(string dump)
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
