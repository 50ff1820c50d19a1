using System.Buffers;
using System.Buffers.Binary;
using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Flv;
using Nvr.Rtmp.Handshake;
using Nvr.Rtmp.Tests.Support;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

/// <summary>
/// Regenerates the seed corpora under <c>tests/Nvr.Rtmp.Tests/corpus/</c> from real clients
/// (FFmpeg publishing and playing, GStreamer/librtmp playing) plus hand-made hostile inputs.
/// Runs only with <c>NVR_WRITE_RTMP_CORPUS=1</c>; the files are committed.
/// </summary>
public class CorpusGenerator
{
    [Fact]
    public async Task Write_seed_corpora()
    {
        if (Environment.GetEnvironmentVariable("NVR_WRITE_RTMP_CORPUS") != "1") return;
        var root = Path.Combine(TestPaths.RepoRoot, "tests", "Nvr.Rtmp.Tests", "corpus");

        // Real bytes: ffmpeg publishing (digest C1), ffmpeg and GStreamer playing.
        var clip = await ClipSources.ClipAsync(CameraCodec.H264, CameraAudio.Aac, seconds: 4);
        var resolver = new TestResolver();
        resolver.Publishers["live/pub"] = ("k", new RecordingSink());
        var feed = new Nvr.Streaming.Feed("cam/main");
        resolver.Feeds["live/cam"] = feed;
        await using var feeder = new ClipFeeder(feed, await ClipSources.H264ViaFlvAsync());
        byte[] publish, ffplay, gstplay;
        await using (var server = new TestRtmpServer(resolver, recordIncoming: true))
        {
            await Ffmpeg.RunAsync(["-v", "error", "-i", clip, "-t", "1", "-c", "copy", "-f", "flv", server.Url("live/pub?key=k")], TimeSpan.FromSeconds(30));
            await WaitFor.ConditionAsync(() => server.Recordings.Count == 1, TimeSpan.FromSeconds(10), "publish recording");
            server.Recordings.TryDequeue(out publish!);
            await Ffmpeg.RunAsync(["-v", "error", "-i", server.Url("live/cam"), "-t", "1", "-f", "null", "-"], TimeSpan.FromSeconds(30));
            await WaitFor.ConditionAsync(() => server.Recordings.Count == 1, TimeSpan.FromSeconds(10), "ffmpeg play recording");
            server.Recordings.TryDequeue(out ffplay!);
            await GstLaunch.RunAsync($"rtmpsrc location={server.Url("live/cam")} ! flvdemux ! fakesink num-buffers=10", TimeSpan.FromSeconds(20));
            await WaitFor.ConditionAsync(() => server.Recordings.Count == 1, TimeSpan.FromSeconds(10), "gst play recording");
            server.Recordings.TryDequeue(out gstplay!);
        }

        var hs = Dir(root, "rtmp-handshake");
        File.WriteAllBytes(Path.Combine(hs, "ffmpeg-digest-c0c1.bin"), publish[..RtmpServerHandshake.C0C1Size]);
        File.WriteAllBytes(Path.Combine(hs, "librtmp-simple-c0c1.bin"), gstplay[..RtmpServerHandshake.C0C1Size]);
        var c0c1 = publish[..RtmpServerHandshake.C0C1Size];
        c0c1[0] = 6;
        File.WriteAllBytes(Path.Combine(hs, "rtmpe-version-6.bin"), c0c1);
        File.WriteAllBytes(Path.Combine(hs, "short.bin"), publish[..700]);

        var chunk = Dir(root, "rtmp-chunk");
        var skip = RtmpServerHandshake.C0C1Size + RtmpServerHandshake.C2Size;
        File.WriteAllBytes(Path.Combine(chunk, "ffmpeg-publish.bin"), publish[skip..Math.Min(publish.Length, skip + 24_000)]);
        File.WriteAllBytes(Path.Combine(chunk, "ffmpeg-play.bin"), ffplay[skip..]);
        File.WriteAllBytes(Path.Combine(chunk, "librtmp-play.bin"), gstplay[skip..]);
        File.WriteAllBytes(Path.Combine(chunk, "huge-chunk-size.bin"), [0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF]);
        File.WriteAllBytes(Path.Combine(chunk, "huge-message-length.bin"), [0x06, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x09, 1, 0, 0, 0, 0x17, 0x01]);
        File.WriteAllBytes(Path.Combine(chunk, "fmt3-first.bin"), [0xC4, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(chunk, "extended-timestamps.bin"), ExtendedTimestamps(withContinuationTimestamp: true));
        File.WriteAllBytes(Path.Combine(chunk, "extended-timestamps-librtmp.bin"), ExtendedTimestamps(withContinuationTimestamp: false));
        File.WriteAllBytes(Path.Combine(chunk, "csid-3-byte-and-abort.bin"), ThreeByteCsidAndAbort());

        var amf = Dir(root, "amf0");
        foreach (var (source, bytes) in new[] { ("ffmpeg-publish", publish[skip..]), ("ffmpeg-play", ffplay[skip..]), ("librtmp-play", gstplay[skip..]) })
        {
            foreach (var (name, payload) in Commands(bytes).Take(6)) File.WriteAllBytes(Path.Combine(amf, source + "-" + name + ".bin"), payload);
        }
        File.WriteAllBytes(Path.Combine(amf, "deep-nesting.bin"), [.. DeepArray(40)]);
        File.WriteAllBytes(Path.Combine(amf, "strict-array-huge-count.bin"), [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05]);
        File.WriteAllBytes(Path.Combine(amf, "long-string-huge.bin"), [0x0C, 0x7F, 0xFF, 0xFF, 0xFF, 0x41]);
        File.WriteAllBytes(Path.Combine(amf, "all-types.bin"), AllTypes());

        var flv = Dir(root, "flv");
        var flvClip = Path.Combine(ClipFactory.CacheDirectory, Path.GetFileNameWithoutExtension(await ClipSources.ClipAsync(CameraCodec.H264)) + ".flv");
        File.WriteAllBytes(Path.Combine(flv, "ffmpeg-h264-aac-head.flv"), File.ReadAllBytes(flvClip)[..20_000]);
        var hevc = await ClipSources.ViaAnnexBAsync(CameraCodec.H265);
        File.WriteAllBytes(Path.Combine(flv, "nvr-hevc-enhanced-head.flv"), MuxHead(hevc, 6));
    }

    private static string Dir(string root, string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    private static List<(string, byte[])> Commands(byte[] chunks)
    {
        var reader = new RtmpChunkReader();
        var seq = new SequenceReader<byte>(new ReadOnlySequence<byte>(chunks));
        var found = new List<(string, byte[])>();
        while (reader.Read(ref seq, out var m) == RtmpChunkReadStatus.Message)
        {
            if (m.Type == RtmpMessageType.SetChunkSize) reader.ChunkSize = (int)BinaryPrimitives.ReadUInt32BigEndian(m.Payload.Span);
            if (m.Type is not (RtmpMessageType.CommandAmf0 or RtmpMessageType.DataAmf0)) continue;
            var values = new List<Amf0Value>();
            Amf0Reader.TryReadAll(m.Payload.Span, values);
            var name = values.FirstOrDefault()?.AsString() ?? "data";
            found.Add(($"{found.Count:00}-{name.TrimStart('@', '|')}", m.Payload.ToArray()));
        }
        return found;
    }

    private static byte[] ExtendedTimestamps(bool withContinuationTimestamp)
    {
        // One 300-byte video message at timestamp 0x01000000 in 128-byte chunks.
        var o = new List<byte> { 0x06, 0xFF, 0xFF, 0xFF, 0, 0x01, 0x2C, 0x09, 1, 0, 0, 0, 0x01, 0, 0, 0 };
        o.AddRange(new byte[128]);
        for (var i = 0; i < 2; i++)
        {
            o.Add(0xC6);
            if (withContinuationTimestamp) o.AddRange([0x01, 0, 0, 0]);
            o.AddRange(new byte[i == 0 ? 128 : 44]);
        }
        return [.. o];
    }

    private static byte[] ThreeByteCsidAndAbort()
    {
        var w = new ArrayBufferWriter<byte>();
        var writer = new RtmpChunkWriter();
        writer.Write(w, 1000, RtmpMessageType.Audio, 1, 20, default, new byte[300]); // 3-byte basic header; incomplete
        var partial = w.WrittenSpan[..140].ToArray();
        var rest = new ArrayBufferWriter<byte>();
        writer.Write(rest, 2, RtmpMessageType.Abort, 0, 0, default, [0, 0, 0x03, 0xE8]);
        writer.Write(rest, 100, RtmpMessageType.Video, 1, 40, default, new byte[10]);
        return [.. partial, .. rest.WrittenSpan];
    }

    private static IEnumerable<byte> DeepArray(int depth)
    {
        for (var i = 0; i < depth; i++) foreach (var b in new byte[] { 0x0A, 0, 0, 0, 1 }) yield return b;
        yield return 0x05;
    }

    private static byte[] AllTypes()
    {
        var w = new ArrayBufferWriter<byte>();
        Amf0Writer.Write(w, Amf0Value.FromNumber(1.5));
        Amf0Writer.Write(w, Amf0Value.True);
        Amf0Writer.Write(w, Amf0Value.FromString("héllo"));
        Amf0Writer.Write(w, Amf0Value.Object(new KeyValuePair<string, Amf0Value>("a", Amf0Value.Null)));
        Amf0Writer.Write(w, Amf0Value.EcmaArray(new KeyValuePair<string, Amf0Value>("b", Amf0Value.Undefined)));
        Amf0Writer.Write(w, Amf0Value.StrictArray(Amf0Value.FromNumber(2), Amf0Value.FromString("x")));
        Amf0Writer.Write(w, Amf0Value.FromDate(1_700_000_000_000));
        w.Write<byte>([0x07, 0, 1, 0x0D, 0x0F, 0, 0, 0, 3, (byte)'<', (byte)'a', (byte)'>', 0x10, 0, 1, (byte)'C', 0, 0, 9]);
        return w.WrittenSpan.ToArray();
    }

    private static byte[] MuxHead(ClipMedia media, int videoUnits)
    {
        var muxer = new FlvMuxer();
        var tags = new List<FlvTag>();
        var first = true;
        foreach (var unit in media.Units.Take(videoUnits * 3))
        {
            muxer.Mux(unit, media.Description, first, tags);
            first = false;
        }
        var w = new ArrayBufferWriter<byte>();
        FlvWriter.WriteHeader(w, true, true);
        foreach (var t in tags) FlvWriter.WriteTag(w, t);
        return w.WrittenSpan.ToArray();
    }
}
