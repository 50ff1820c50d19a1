using System.Globalization;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Rtmp.Flv;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>
/// Real encoded clips (ffmpeg lavfi testsrc2 + sine via <see cref="ClipFactory"/>) turned into
/// MediaUnits two independent ways: through ffmpeg's FLV muxer and our <see cref="FlvReader"/> +
/// <see cref="FlvDemuxer"/>, and through ffmpeg's Annex B output split at ffprobe's packet
/// offsets (no code of ours but the Annex B → AVCC conversion). Cached per process.
/// </summary>
internal static class ClipSources
{
    public const int Fps = 25;
    public const int Gop = 25;
    public const int Seconds = 12;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, ClipMedia> Cache = [];

    public static Task<string> ClipAsync(CameraCodec codec, CameraAudio audio = CameraAudio.Aac, int seconds = Seconds) =>
        ClipFactory.EnsureAsync(codec, audio, 640, 360, Fps, Gop, seconds);

    /// <summary>H.264 + AAC via ffmpeg's FLV muxer and our FLV reader/demuxer.</summary>
    public static Task<ClipMedia> H264ViaFlvAsync(int seconds = Seconds) => CachedAsync($"flv-{seconds}", async () =>
    {
        var clip = await ClipAsync(CameraCodec.H264, CameraAudio.Aac, seconds);
        var flv = Path.Combine(ClipFactory.CacheDirectory, Path.GetFileNameWithoutExtension(clip) + ".flv");
        if (!File.Exists(flv)) await Ffmpeg.CopyAsync(clip, flv, format: "flv");
        return ReadFlv(await File.ReadAllBytesAsync(flv), seconds);
    });

    /// <summary>Video from ffmpeg's Annex B output (H.264 or H.265), audio (AAC) via FLV.</summary>
    public static Task<ClipMedia> ViaAnnexBAsync(CameraCodec codec, int seconds = Seconds) => CachedAsync($"annexb-{codec}-{seconds}", async () =>
    {
        var clip = await ClipAsync(codec, CameraAudio.Aac, seconds);
        var format = codec == CameraCodec.H264 ? "h264" : "hevc";
        var stem = Path.Combine(ClipFactory.CacheDirectory, Path.GetFileNameWithoutExtension(clip));
        var es = stem + "." + format;
        var audioFlv = stem + ".audio.flv";
        if (!File.Exists(es))
        {
            var r = await Ffmpeg.RunAsync(["-v", "error", "-y", "-i", clip, "-map", "0:v", "-c", "copy", "-bsf:v", format + "_mp4toannexb", "-f", format, es], TimeSpan.FromSeconds(60));
            if (!r.Succeeded) throw new ExternalToolException("ffmpeg annexb", r);
        }
        if (!File.Exists(audioFlv))
        {
            var r = await Ffmpeg.RunAsync(["-v", "error", "-y", "-i", clip, "-map", "0:a", "-c", "copy", "-f", "flv", audioFlv], TimeSpan.FromSeconds(60));
            if (!r.Succeeded) throw new ExternalToolException("ffmpeg audio flv", r);
        }

        var probe = await ProcessRunner.RunCheckedAsync("ffprobe",
            ["-v", "error", "-show_entries", "packet=pos,size,flags", "-of", "csv=p=0", "-f", format, es], TimeSpan.FromSeconds(60));
        var bytes = await File.ReadAllBytesAsync(es);
        var video = new List<MediaUnit>();
        byte[]? vps = null, sps = null, pps = null;
        var index = 0;
        foreach (var line in probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(',');
            var size = int.Parse(f[0], CultureInfo.InvariantCulture);
            var pos = long.Parse(f[1], CultureInfo.InvariantCulture);
            var key = f[2].Contains('K', StringComparison.Ordinal);
            var annexB = bytes.AsSpan((int)pos, size);
            foreach (var nal in AnnexB.Split(annexB.ToArray()))
            {
                var type = codec == CameraCodec.H264 ? nal.Span[0] & 0x1F : nal.Span[0] >> 1 & 0x3F;
                if (codec == CameraCodec.H264 ? type == 7 : type == 33) sps ??= nal.ToArray();
                if (codec == CameraCodec.H264 ? type == 8 : type == 34) pps ??= nal.ToArray();
                if (codec == CameraCodec.H265 && type == 32) vps ??= nal.ToArray();
            }
            var ts = index++ * 90000L / Fps;
            video.Add(new MediaUnit(0, ts, ts, key, AnnexB.ToLengthPrefixed(annexB)));
        }
        var videoTrack = new TrackDescription
        {
            Id = 0, Kind = TrackKind.Video, Codec = codec == CameraCodec.H264 ? MediaCodec.H264 : MediaCodec.H265, ClockRate = 90000,
            Vps = vps, Sps = sps, Pps = pps, Width = 640, Height = 360,
        };
        var audio = ReadFlv(await File.ReadAllBytesAsync(audioFlv), seconds);
        var units = video.Concat(audio.Units)
            .OrderBy(u => u.Dts / (double)(u.TrackId == 0 ? 90000 : audio.Description.Audio!.ClockRate))
            .ThenBy(u => u.TrackId)
            .ToList();
        return new ClipMedia(new StreamDescription(1, [videoTrack, audio.Description.Audio!]), units, seconds);
    });

    /// <summary>All units and the final description of an FLV file, through <see cref="FlvDemuxer"/>.</summary>
    public static ClipMedia ReadFlv(byte[] flv, double seconds)
    {
        Assert.Equal(FlvReadStatus.Ok, FlvReader.TryReadHeader(flv, out _, out var offset));
        var demuxer = new FlvDemuxer();
        var units = new List<MediaUnit>();
        while (FlvReader.ReadTag(flv, ref offset, out var tag) == FlvReadStatus.Ok)
        {
            if (demuxer.Demux(tag.Type, tag.Timestamp, tag.Body, out var unit) == FlvDemuxResult.Unit) units.Add(unit!);
        }
        Assert.Equal(flv.Length, offset);
        Assert.Equal(0, demuxer.MalformedTags);
        return new ClipMedia(demuxer.Description!, units, seconds);
    }

    private static async Task<ClipMedia> CachedAsync(string key, Func<Task<ClipMedia>> create)
    {
        await Gate.WaitAsync();
        try
        {
            if (Cache.TryGetValue(key, out var media)) return media;
            media = await create();
            Cache[key] = media;
            return media;
        }
        finally
        {
            Gate.Release();
        }
    }
}
