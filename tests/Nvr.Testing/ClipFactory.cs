using System.Collections.Concurrent;
using System.Globalization;

namespace Nvr.Testing;

/// <summary>
/// Pre-encoded test clips for <see cref="FakeCameraOptions.ClipPath"/> (the cheap replay mode):
/// Matroska files made once by ffmpeg from its lavfi sources (testsrc2 + a 440 Hz sine) and
/// cached in <c>$TMPDIR/nvr-test-clips/</c>, keyed by every parameter. Video has a fixed GOP,
/// no B-frames and one slice per frame; the clip starts on a key frame so it loops cleanly.
/// </summary>
public static class ClipFactory
{
    // Bump when the encoding recipe changes, so stale cached clips are not reused.
    private const int RecipeVersion = 1;
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory => Path.Combine(Path.GetTempPath(), "nvr-test-clips");

    /// <summary>Returns the path of the clip, encoding it first if it is not cached yet.</summary>
    public static async Task<string> EnsureAsync(
        CameraCodec codec = CameraCodec.H264,
        CameraAudio audio = CameraAudio.Aac,
        int width = 640,
        int height = 360,
        int fps = 15,
        int gop = 15,
        int seconds = 4,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gop, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        var name = string.Create(CultureInfo.InvariantCulture,
            $"clip-v{RecipeVersion}-{codec}-{audio}-{width}x{height}-{fps}fps-g{gop}-{seconds}s.mkv").ToLowerInvariant();
        var path = Path.Combine(CacheDirectory, name);
        if (File.Exists(path)) return path;

        var gate = Locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(CacheDirectory);
            // Encode to a private name, then rename: other test processes see the whole file or nothing.
            var partial = Path.Combine(CacheDirectory, $"{name}.{Guid.NewGuid():N}.partial");
            try
            {
                var args = Arguments(codec, audio, width, height, fps, gop, seconds, partial);
                var result = await Ffmpeg.RunAsync(args, TimeSpan.FromSeconds(60 + (seconds * 5)), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded) throw new ExternalToolException("ffmpeg (make clip " + name + ")", result);
                try
                {
                    File.Move(partial, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process made it first.
                }
            }
            finally
            {
                File.Delete(partial);
            }

            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Blocking form of <see cref="EnsureAsync"/>.</summary>
    public static string Ensure(
        CameraCodec codec = CameraCodec.H264,
        CameraAudio audio = CameraAudio.Aac,
        int width = 640,
        int height = 360,
        int fps = 15,
        int gop = 15,
        int seconds = 4) =>
        EnsureAsync(codec, audio, width, height, fps, gop, seconds).GetAwaiter().GetResult();

    private static List<string> Arguments(CameraCodec codec, CameraAudio audio, int width, int height, int fps, int gop, int seconds, string output)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "-v", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size={I(width)}x{I(height)}:rate={I(fps)}:duration={I(seconds)}",
        };
        if (audio != CameraAudio.None)
        {
            var rate = audio == CameraAudio.Aac ? 48000 : 8000;
            args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={I(rate)}:duration={I(seconds)}"]);
        }

        args.AddRange(["-map", "0:v"]);
        if (audio != CameraAudio.None) args.AddRange(["-map", "1:a"]);
        args.AddRange(["-pix_fmt", "yuv420p", "-b:v", "800k"]);
        if (codec == CameraCodec.H264)
        {
            // No zerolatency tune: it turns on sliced threads (several slices per frame).
            args.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "baseline", "-bf", "0",
                "-g", I(gop), "-keyint_min", I(gop), "-sc_threshold", "0", "-x264-params", "sliced-threads=0"]);
        }
        else
        {
            args.AddRange(["-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", $"keyint={I(gop)}:min-keyint={I(gop)}:scenecut=0:bframes=0:pools=1:frame-threads=1:log-level=error"]);
        }

        switch (audio)
        {
            case CameraAudio.Aac:
                args.AddRange(["-c:a", "aac", "-b:a", "64k", "-ac", "1"]);
                break;
            case CameraAudio.Pcma:
                args.AddRange(["-c:a", "pcm_alaw", "-ac", "1"]);
                break;
            case CameraAudio.Pcmu:
                args.AddRange(["-c:a", "pcm_mulaw", "-ac", "1"]);
                break;
        }

        args.AddRange(["-t", I(seconds), "-f", "matroska", output]);
        return args;
    }
}
