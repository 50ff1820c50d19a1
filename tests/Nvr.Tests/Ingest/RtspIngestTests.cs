using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Ingest;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.Aac;
using Nvr.Streaming;
using Nvr.Streaming.Events;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Tests.Ingest;

/// <summary>
/// Camera ingest against real GStreamer RTSP cameras: the supervisor and RTSP adapter run
/// in-process, the test reads the Feed like any consumer would, and what it read is handed to
/// ffmpeg as Annex-B / ADTS files to decode.
/// </summary>
public sealed class RtspIngestTests(ITestOutputHelper output)
{
    private const int Fps = 15;
    private const int Gop = 15;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static TheoryData<CameraCodec, CameraAudio, string, CameraAuth> Cases => new()
    {
        { CameraCodec.H264, CameraAudio.Aac, "tcp", CameraAuth.None },
        { CameraCodec.H264, CameraAudio.Aac, "udp", CameraAuth.None },
        { CameraCodec.H265, CameraAudio.Pcma, "tcp", CameraAuth.None },
        { CameraCodec.H265, CameraAudio.Pcma, "udp", CameraAuth.None },
        { CameraCodec.H264, CameraAudio.Pcmu, "tcp", CameraAuth.None },
        { CameraCodec.H264, CameraAudio.None, "udp", CameraAuth.None },
        { CameraCodec.H264, CameraAudio.Aac, "tcp", CameraAuth.Digest },
        { CameraCodec.H264, CameraAudio.None, "udp", CameraAuth.Basic },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Feed_delivers_every_frame_with_keyframes_increasing_dts_and_sps_resolution(
        CameraCodec codec, CameraAudio audio, string transport, CameraAuth auth)
    {
        int width = codec == CameraCodec.H265 ? 320 : 640, height = codec == CameraCodec.H265 ? 240 : 360;
        await using var camera = await FakeCamera.StartAsync(new FakeCameraOptions
        {
            Codec = codec, Audio = audio, Width = width, Height = height, Fps = Fps, Gop = Gop, Auth = auth,
            User = "viewer", Password = "p@ss word",
        });
        var options = new CameraOptions
        {
            Id = "cam", Url = camera.Url(withCredentials: false), Transport = transport,
            Username = auth == CameraAuth.None ? null : "viewer", Password = auth == CameraAuth.None ? null : "p@ss word",
        };
        var feed = new Feed("cam");
        using var reader = feed.OpenReader(new FeedReaderOptions { MaxUnits = 100_000, MaxBytes = 512 * 1024 * 1024 });
        var bus = new EventBus();
        var stats = new IngestStatistics();
        var ingest = new RtspIngest(options, options.Url, feed, stats, new IngestOptions(), TimeProvider.System, NullLogger.Instance);
        var supervisor = new CameraSupervisor("cam", "main", ingest, bus, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = supervisor.RunAsync(stop.Token);

        // Collect for a 10 s window of wallclock starting at the first unit.
        var units = new List<MediaUnit>();
        StreamDescription? description = null;
        using (var start = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var first = await reader.ReadAsync(start.Token);
            Assert.True(first.HasUnit, $"no media: {supervisor.Status.State} {supervisor.Status.Reason}");
            units.Add(first.Unit!);
            description = first.Description;
        }
        using (var window = new CancellationTokenSource(Window))
        {
            try
            {
                while (true)
                {
                    var r = await reader.ReadAsync(window.Token);
                    Assert.False(r.Discontinuity, "the reader was resynced");
                    if (r.HasUnit) units.Add(r.Unit!);
                    description = r.Description ?? description;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        stop.Cancel();
        await running;

        Assert.NotNull(description);
        var video = description.Video!;
        Assert.Equal(codec == CameraCodec.H264 ? MediaCodec.H264 : MediaCodec.H265, video.Codec);
        Assert.Equal((width, height), (video.Width, video.Height));
        Assert.Equal(transport, stats.Transport);

        var frames = units.Where(u => u.TrackId == video.Id).ToList();
        output.WriteLine($"{codec}+{audio} {transport} {auth}: {frames.Count} video units in 10 s, {units.Count - frames.Count} audio, lost {stats.PacketsLost}, dropped {stats.UnitsDropped}");
        Assert.InRange(frames.Count, Fps * 10 - Gop, Fps * 10 + Gop);
        Assert.True(frames[0].IsKeyframe, "a new reader starts at a keyframe");
        int sinceKey = 0;
        foreach (var f in frames)
        {
            sinceKey = f.IsKeyframe ? 0 : sinceKey + 1;
            Assert.True(sinceKey < Gop, "more than one GOP without a keyframe");
        }
        Assert.True(frames.Count(f => f.IsKeyframe) >= frames.Count / Gop);
        foreach (var track in description.Tracks)
        {
            var dts = units.Where(u => u.TrackId == track.Id).Select(u => u.Dts).ToList();
            Assert.True(dts.Zip(dts.Skip(1)).All(p => p.Second > p.First), $"DTS not strictly increasing on track {track.Id}");
            Assert.All(units.Where(u => u.TrackId == track.Id), u => Assert.NotNull(u.WallClock));
        }
        var audioTrack = description.Audio;
        if (audio == CameraAudio.None)
        {
            Assert.Null(audioTrack);
        }
        else
        {
            Assert.NotNull(audioTrack);
            Assert.Equal(audio switch { CameraAudio.Aac => MediaCodec.Aac, CameraAudio.Pcma => MediaCodec.Pcma, _ => MediaCodec.Pcmu }, audioTrack.Codec);
            Assert.True(units.Count(u => u.TrackId == audioTrack.Id) > 50, "audio units missing");
        }

        // What the Feed delivered decodes cleanly with ffmpeg.
        using var dir = TempDirectory.Create("ingest");
        var videoFile = dir.File(codec == CameraCodec.H264 ? "out.h264" : "out.h265");
        await File.WriteAllBytesAsync(videoFile, ToAnnexB(frames, video));
        Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(videoFile));
        var counted = await Ffmpeg.CountFramesAsync(videoFile);
        Assert.Equal(frames.Count, counted.Video!.Frames);
        if (audioTrack?.Codec == MediaCodec.Aac)
        {
            var aacFile = dir.File("out.aac");
            await File.WriteAllBytesAsync(aacFile, ToAdts(units.Where(u => u.TrackId == audioTrack.Id), audioTrack));
            Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(aacFile));
        }
    }

    /// <summary>Annex-B elementary stream: parameter sets before every keyframe, as a file decoder expects.</summary>
    private static byte[] ToAnnexB(IEnumerable<MediaUnit> frames, TrackDescription video)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var f in frames)
        {
            if (f.IsKeyframe)
            {
                foreach (var ps in new[] { video.Vps, video.Sps, video.Pps })
                {
                    if (ps is not null) AnnexB.WriteNalUnit(ps, buffer);
                }
            }
            Assert.True(AnnexB.FromLengthPrefixed(f.Payload.Span, buffer), "payload is not length-prefixed NAL units");
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] ToAdts(IEnumerable<MediaUnit> units, TrackDescription track)
    {
        Assert.True(AudioSpecificConfig.TryParse(track.AudioSpecificConfig, out var config));
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var u in units)
        {
            var header = buffer.GetSpan(7);
            Assert.True(AdtsHeader.TryWrite(header, config!, u.Payload.Length));
            buffer.Advance(7);
            buffer.Write(u.Payload.Span);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
