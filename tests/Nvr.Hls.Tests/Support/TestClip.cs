using System.Collections.Concurrent;
using System.Globalization;
using Nvr.Media;
using Nvr.Media.Mp4;
using Nvr.Testing;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// A real encoded clip as a camera would deliver it: ffmpeg encodes testsrc2 (+ a sine) with
/// libx264/libx265 and AAC (or G.711) into fragmented MP4, <see cref="Mp4Reader"/> reads it back
/// into <see cref="MediaUnit"/>s and a <see cref="StreamDescription"/>. Timestamps are those of an
/// ideal camera (frame n at n × 90000/fps, AAC frame n at n × 1024), so the clip loops seamlessly:
/// loop k adds k × <see cref="Seconds"/> to every time. Clips are cached in the shared clip folder.
/// </summary>
public sealed class TestClip
{
    private const int RecipeVersion = 1;
    private static readonly ConcurrentDictionary<string, Lazy<Task<TestClip>>> Cache = new(StringComparer.Ordinal);

    private TestClip(StreamDescription description, IReadOnlyList<MediaUnit> video, IReadOnlyList<MediaUnit> audio, int seconds, int fps)
    {
        Description = description;
        Video = video;
        Audio = audio;
        Seconds = seconds;
        Fps = fps;
    }

    public StreamDescription Description { get; }
    public IReadOnlyList<MediaUnit> Video { get; }
    public IReadOnlyList<MediaUnit> Audio { get; }
    public int Seconds { get; }
    public int Fps { get; }
    public TrackDescription VideoTrack => Description.Video!;
    public TrackDescription? AudioTrack => Description.Audio;

    /// <summary>640x360, <paramref name="fps"/> fps, a keyframe every <paramref name="gop"/> frames, <paramref name="seconds"/> long.</summary>
    public static Task<TestClip> LoadAsync(string codec = "h264", string audio = "aac", int fps = 30, int gop = 30, int seconds = 8, int width = 640, int height = 360)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"hls-clip-v{RecipeVersion}-{codec}-{audio}-{width}x{height}-{fps}fps-g{gop}-{seconds}s.mp4");
        return Cache.GetOrAdd(key, k => new Lazy<Task<TestClip>>(() => CreateAsync(k, codec, audio, fps, gop, seconds, width, height))).Value;
    }

    /// <summary>The units of loop <paramref name="loop"/> in DTS order across tracks (video first on ties).</summary>
    public IEnumerable<(MediaUnit Unit, double Time)> Loop(int loop)
    {
        int v = 0, a = 0;
        long videoStep = 90_000L * Seconds;
        long audioStep = AudioTrack is null ? 0 : (long)AudioTrack.ClockRate * Seconds;
        while (v < Video.Count || a < Audio.Count)
        {
            bool takeVideo = a >= Audio.Count || (v < Video.Count && Video[v].Dts * (long)AudioTrack!.ClockRate <= Audio[a].Dts * 90_000L);
            var u = takeVideo ? Video[v++] : Audio[a++];
            long offset = takeVideo ? loop * videoStep : loop * audioStep;
            int clock = takeVideo ? 90_000 : AudioTrack!.ClockRate;
            double time = (double)(u.Dts + offset) / clock;
            yield return (new MediaUnit(u.TrackId, u.Pts + offset, u.Dts + offset, u.IsKeyframe, u.Payload), time);
        }
    }

    private static async Task<TestClip> CreateAsync(string key, string codec, string audio, int fps, int gop, int seconds, int width, int height)
    {
        var dir = ClipFactory.CacheDirectory;
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, key);
        if (!File.Exists(path))
        {
            var partial = path + "." + Guid.NewGuid().ToString("N") + ".partial";
            try
            {
                var result = await Ffmpeg.RunAsync(Arguments(codec, audio, fps, gop, seconds, width, height, partial), TimeSpan.FromSeconds(120));
                if (!result.Succeeded) throw new ExternalToolException("ffmpeg (make hls clip)", result);
                try
                {
                    File.Move(partial, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                }
            }
            finally
            {
                File.Delete(partial);
            }
        }
        return Read(await File.ReadAllBytesAsync(path), fps, seconds);
    }

    private static List<string> Arguments(string codec, string audio, int fps, int gop, int seconds, int width, int height, string output)
    {
        string I(int x) => x.ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={I(width)}x{I(height)}:rate={I(fps)}:duration={I(seconds)}" };
        int rate = audio == "aac" ? 48_000 : 8_000;
        if (audio != "none") args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={I(rate)}:duration={I(seconds)}"]);
        args.AddRange(["-map", "0:v"]);
        if (audio != "none") args.AddRange(["-map", "1:a"]);
        args.AddRange(["-pix_fmt", "yuv420p", "-b:v", "800k"]);
        if (codec == "h264")
        {
            args.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline", "-bf", "0", "-g", I(gop), "-keyint_min", I(gop),
                "-sc_threshold", "0", "-x264-params", "sliced-threads=0"]);
        }
        else
        {
            args.AddRange(["-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1",
                "-x265-params", $"keyint={I(gop)}:min-keyint={I(gop)}:scenecut=0:bframes=0:pools=1:frame-threads=1:log-level=error"]);
        }
        switch (audio)
        {
            case "aac": args.AddRange(["-c:a", "aac", "-b:a", "64k", "-ac", "1"]); break;
            case "pcma": args.AddRange(["-c:a", "pcm_alaw", "-ac", "1"]); break;
            case "pcmu": args.AddRange(["-c:a", "pcm_mulaw", "-ac", "1"]); break;
        }
        args.AddRange(["-t", I(seconds), "-video_track_timescale", "90000", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
            "-f", audio is "pcma" or "pcmu" ? "mov" : "mp4", output]);
        return args;
    }

    private static TestClip Read(byte[] file, int fps, int seconds)
    {
        var read = Mp4Reader.Read(file);
        var init = read.Init ?? throw new InvalidOperationException($"clip has no init segment: {read.Status} {read.Error}");
        var units = new List<MediaUnit>();
        foreach (var f in read.Fragments)
        {
            if (!Mp4Reader.TryReadUnits(file, 0, f, units)) throw new InvalidOperationException("clip fragment unreadable");
        }
        var tracks = init.Descriptions;
        var videoTrack = tracks.First(t => t.Kind == TrackKind.Video);
        var audioTrack = tracks.FirstOrDefault(t => t.Kind == TrackKind.Audio);
        // An ideal camera's clock: frame n at n/fps, audio frame n at n × frame length.
        var video = units.Where(u => u.TrackId == videoTrack.Id).Take(fps * seconds)
            .Select((u, i) => new MediaUnit(u.TrackId, i * 90_000L / fps, i * 90_000L / fps, u.IsKeyframe, u.Payload)).ToList();
        var audio = new List<MediaUnit>();
        if (audioTrack is not null)
        {
            var samples = units.Where(u => u.TrackId == audioTrack.Id).ToList();
            if (audioTrack.Codec == MediaCodec.Aac)
            {
                long perFrame = 1024;
                int frames = (int)(seconds * (long)audioTrack.ClockRate / perFrame);
                audio.AddRange(samples.Take(frames).Select((u, i) => new MediaUnit(u.TrackId, i * perFrame, i * perFrame, true, u.Payload)));
            }
            else
            {
                // G.711: 20 ms frames (160 bytes at 8 kHz) as an RTP camera sends them.
                var pcm = samples.SelectMany(u => u.Payload.ToArray()).Take(audioTrack.ClockRate * seconds).ToArray();
                for (int i = 0; i + 160 <= pcm.Length; i += 160)
                {
                    audio.Add(new MediaUnit(audioTrack.Id, i, i, true, pcm.AsMemory(i, 160)));
                }
            }
        }
        if (!video[0].IsKeyframe) throw new InvalidOperationException("clip does not start with a keyframe");
        return new TestClip(new StreamDescription(0, tracks), video, audio, seconds, fps);
    }
}
