using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Nvr.Media.Mp4;
using Nvr.Testing.Fuzz;

namespace Nvr.Media.Tests.Mp4;

/// <summary>
/// Replays corpus <c>mp4</c> (seeds in <c>corpus/mp4/</c> + deterministic mutations) through
/// <see cref="Mp4Reader"/>: it must never throw (it declares no exception for content), must
/// agree between its span and sequence entry points, and must stay within its allocation bound.
/// Set NVR_REGEN_CORPUS=1 to rewrite the seed files from <see cref="BuildSeeds"/>.
/// </summary>
public sealed class Mp4FuzzTests
{
    private static readonly Mp4ReaderOptions Bounded = new()
    {
        MaxInitSize = 64 * 1024,
        MaxMoofSize = 64 * 1024,
        MaxSamplesPerFragment = 2_000,
        MaxTotalSamples = 20_000,
        MaxSampleSize = 1024 * 1024,
    };

    [Fact]
    public void Corpus_NeverThrows_AgreesAcrossEntryPoints_AndStaysBounded()
    {
        int inputs = 0, complete = 0, withFragments = 0;
        var units = new List<MediaUnit>();
        foreach (var input in FuzzCorpus.SeedsAndMutations("mp4"))
        {
            inputs++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = Mp4Reader.Read(input, Bounded);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Bound: fixed overhead + the sample tables the caps allow (40 B a sample, list growth ×2) + the parsed
            // parameter sets and brand lists (a fraction of the input).
            Assert.True(allocated < 512 * 1024 + Bounded.MaxTotalSamples * 40L * 2 + 16L * input.Length,
                $"input {inputs}: {allocated} bytes allocated for {input.Length} bytes of input");
            Assert.True(Enum.IsDefined(r.Status));
            Assert.InRange(r.CompleteEnd, 0, input.Length);
            Assert.Equal(r.Status == Mp4ReadStatus.Complete, r.Error is null);
            if (r.Status == Mp4ReadStatus.Complete) complete++;
            if (r.Fragments.Count > 0) withFragments++;
            long previousEnd = 0;
            foreach (var f in r.Fragments)
            {
                Assert.True(f.Offset >= previousEnd && f.End <= r.CompleteEnd);
                previousEnd = f.End;
                units.Clear();
                Assert.True(Mp4Reader.TryReadUnits(input, 0, f, units, Bounded));
                Assert.Equal(f.SampleCount, units.Count);
            }

            var s = Mp4Reader.Read(Mp4ReaderTests.Segmented(input, 61), Bounded);
            Assert.Equal(r.Status, s.Status);
            Assert.Equal(r.CompleteEnd, s.CompleteEnd);
            Assert.Equal(r.Fragments.Count, s.Fragments.Count);
            Assert.Equal(r.Init?.Tracks.Count, s.Init?.Tracks.Count);

            if (r.Init is not null && r.Fragments.Count > 0)
            {
                var first = r.Fragments[0];
                var part = Mp4Reader.ReadFragments(input.AsSpan((int)first.Offset), first.Offset, r.Init, Bounded);
                Assert.Equal(r.Fragments.Count, part.Fragments.Count);
            }
        }
        Assert.True(inputs > 2000);
        Assert.True(complete > 50, $"only {complete} inputs read completely");
        Assert.True(withFragments > 500, $"only {withFragments} inputs had fragments");
    }

    [Fact]
    public void SeedFiles_AreTheGeneratedOnes()
    {
        var seeds = BuildSeeds();
        string dir = CorpusDirectory();
        if (Environment.GetEnvironmentVariable("NVR_REGEN_CORPUS") == "1")
        {
            Directory.CreateDirectory(dir);
            foreach (var (name, bytes) in seeds) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
        var committed = FuzzCorpus.Seeds("mp4");
        Assert.True(committed.Count >= seeds.Count);
        // The deterministic seeds (all but the ffmpeg-made ones) match their generator.
        foreach (var (name, bytes) in seeds.Where(s => !s.Name.Contains("ffmpeg", StringComparison.Ordinal)))
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "mp4", name)));
        }
    }

    private static string CorpusDirectory([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "..", "corpus", "mp4");

    /// <summary>Realistic files and hostile variations; the ffmpeg-made ones are built only when regenerating.</summary>
    internal static List<(string Name, byte[] Bytes)> BuildSeeds()
    {
        var seeds = new List<(string, byte[])>();
        var (small, smallFragments) = Mp4ReaderTests.SmallFile();
        seeds.Add(("01-h264-pcmu-prft.mp4", small));
        seeds.Add(("02-h265-aac-cto.mp4", H265AacWithCto()));
        seeds.Add(("03-torn-tail.mp4", small.AsSpan(0, (int)(smallFragments[^1].Offset + smallFragments[^1].Size / 2)).ToArray()));

        // init, 'free' with a 64-bit largesize, first fragment, 'skip' with size 0 (to the end)
        var odd = new List<byte>(small.AsSpan(0, (int)smallFragments[0].Offset).ToArray());
        odd.AddRange([0, 0, 0, 1, .. "free"u8.ToArray(), 0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4]);
        odd.AddRange(small.AsSpan((int)smallFragments[0].Offset, (int)smallFragments[0].Size).ToArray());
        odd.AddRange([0, 0, 0, 0, .. "skip"u8.ToArray(), 7, 7]);
        seeds.Add(("04-largesize-size0.mp4", odd.ToArray()));

        var huge = (byte[])small.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(huge.AsSpan().IndexOf("trun"u8) + 8), 0xFFFFFFFF);
        seeds.Add(("07-trun-count-huge.mp4", huge));

        // A moov of many small children, and a moof of many trafs without samples.
        var many = new Mp4BoxWriter();
        int moov = many.StartBox(Mp4BoxType.Moov);
        for (int i = 0; i < 40; i++)
        {
            int free = many.StartBox(Mp4BoxType.Free);
            many.EndBox(free);
        }
        int trak = many.StartBox(Mp4BoxType.Trak);
        int mdia = many.StartBox(Mp4BoxType.Mdia);
        int minf = many.StartBox(Mp4BoxType.Minf);
        int stbl = many.StartBox(Mp4BoxType.Stbl);
        many.EndBox(stbl);
        many.EndBox(minf);
        many.EndBox(mdia);
        many.EndBox(trak);
        many.EndBox(moov);
        int moof = many.StartBox(Mp4BoxType.Moof);
        for (int i = 0; i < 20; i++)
        {
            int traf = many.StartBox(Mp4BoxType.Traf);
            int tfhd = many.StartFullBox(Mp4BoxType.Tfhd, 0, 0x020000);
            many.WriteUInt32((uint)i + 1);
            many.EndBox(tfhd);
            many.EndBox(traf);
        }
        many.EndBox(moof);
        int mdat = many.StartBox(Mp4BoxType.Mdat);
        many.EndBox(mdat);
        seeds.Add(("08-many-children.bin", many.WrittenSpan.ToArray()));

        // mdat before its moof (a non-fragmented layout), then the fragments
        var reordered = new List<byte>(small.AsSpan(0, (int)smallFragments[0].Offset).ToArray());
        reordered.AddRange([0, 0, 0, 12, .. "mdat"u8.ToArray(), 1, 2, 3, 4]);
        reordered.AddRange(small.AsSpan((int)smallFragments[0].Offset).ToArray());
        seeds.Add(("09-mdat-before-moof.mp4", reordered.ToArray()));

        var initOnly = new ArrayBufferWriter<byte>();
        Mp4InitSegmentWriter.Write(initOnly, [SyntheticTracks.H265(), new TrackDescription
        {
            Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Pcma, ClockRate = 8000, SampleRate = 8000, Channels = 1,
        }]);
        seeds.Add(("10-init-only-hvc1-alaw.mp4", initOnly.WrittenSpan.ToArray()));

        if (Environment.GetEnvironmentVariable("NVR_REGEN_CORPUS") == "1")
        {
            seeds.Add(("05-ffmpeg-frag-default-base-moof.mp4", FfmpegFragmented("frag_keyframe+empty_moov+default_base_moof")));
            seeds.Add(("06-ffmpeg-frag-base-data-offset.mp4", FfmpegFragmented("frag_keyframe+empty_moov")));
        }
        return seeds;
    }

    private static byte[] H265AacWithCto()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H265(), SyntheticTracks.Aac()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        long[] ptsOrder = [2, 5, 3, 4, 8, 6, 7];
        for (int i = 0; i < 14; i++)
        {
            long dts = i * 3600L;
            long pts = (i / 7 * 7 + ptsOrder[i % 7]) * 3600L;
            w.Append(new MediaUnit(0, pts, dts, i % 7 == 0, SyntheticTracks.VideoPayload(i % 7 == 0, 24), TestClip.WallClockBase.AddMilliseconds(40 * i)));
            if (i == 7) w.WriteFragment(output);
            w.Append(SyntheticTracks.Audio(i * 1920L, 12));
        }
        w.WriteFinalFragment(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A real third-party layout: FFmpeg's own fragmented MP4 (64x64 H.264 + AAC, 1 s).</summary>
    private static byte[] FfmpegFragmented(string movflags)
    {
        using var dir = new TempDir("nvr-mp4-seed");
        string path = dir.File("seed.mp4");
        FfmpegRunner.Check("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-f", "lavfi", "-i",
            "sine=frequency=1000:sample_rate=8000", "-t", "1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-g", "5", "-c:a", "aac", "-b:a", "16k",
            "-movflags", movflags, path]);
        return File.ReadAllBytes(path);
    }
}
