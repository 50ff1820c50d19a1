using System.Buffers;
using System.Buffers.Binary;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

public sealed class Mp4ReaderTests
{
    public static TheoryData<string, string, int> Clips => new()
    {
        { "h264", "aac", 0 },
        { "h265", "aac", 0 },
        { "h264", "pcm_alaw", 0 },
        { "h264", "", 2 },
    };

    [Theory]
    [MemberData(nameof(Clips))]
    public void ReadsBackTheInitTheFragmentTableAndTheUnits(string video, string audio, int bframes)
    {
        var clip = TestClip.Get(video, audio, bframes);
        var written = Mp4TestFiles.WriteFile(clip);
        var result = Mp4Reader.Read(written.File);

        Assert.Equal(Mp4ReadStatus.Complete, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(written.File.Length, result.CompleteEnd);
        Assert.Equal(Mp4BoxType.FromString("iso6"), result.Init!.MajorBrand);
        Assert.Equal(clip.Tracks.Count, result.Init.Tracks.Count);
        for (int i = 0; i < clip.Tracks.Count; i++)
        {
            var expected = clip.Tracks[i];
            var actual = result.Init.Tracks[i].Description;
            Assert.Equal(i + 1, actual.Id);
            Assert.Equal(expected.Kind, actual.Kind);
            Assert.Equal(expected.Codec, actual.Codec);
            Assert.Equal(expected.ClockRate, actual.ClockRate);
            Assert.Equal(expected.Sps, actual.Sps);
            Assert.Equal(expected.Pps, actual.Pps);
            Assert.Equal(expected.Vps, actual.Vps);
            Assert.Equal(expected.Width, actual.Width);
            Assert.Equal(expected.Height, actual.Height);
            Assert.Equal(expected.AudioSpecificConfig, actual.AudioSpecificConfig);
            Assert.Equal(expected.SampleRate, actual.SampleRate);
            Assert.Equal(expected.Channels, actual.Channels);
        }
        Mp4FragmentWriterTests.AssertSameFragments(written.Fragments, result.Fragments);
        Assert.All(result.Fragments, f => Assert.True(f.IsKeyframe));
        Assert.All(result.Fragments, f => Assert.NotNull(f.WallClock));

        // The same from a sequence of small segments (only headers and moov/moof are copied).
        var sequence = Mp4Reader.Read(Segmented(written.File, 997));
        Assert.Equal(Mp4ReadStatus.Complete, sequence.Status);
        Mp4FragmentWriterTests.AssertSameFragments(written.Fragments, sequence.Fragments);

        // Units back out, fragment by fragment from just the fragment's bytes (as playback reads a range).
        var units = new List<MediaUnit>();
        foreach (var f in result.Fragments)
        {
            var range = written.File.AsSpan((int)f.Offset, (int)f.Size);
            Assert.True(Mp4Reader.TryReadUnits(range, f.Offset, f, units));
            var again = Mp4Reader.ReadFragments(range, f.Offset, result.Init);
            Assert.Equal(Mp4ReadStatus.Complete, again.Status);
            Mp4FragmentWriterTests.AssertSameFragments([f], again.Fragments);
        }
        Assert.Equal(written.Accepted.Count, units.Count);
        foreach (var track in clip.Tracks)
        {
            var input = written.Accepted.Where(u => u.TrackId == track.Id).ToArray();
            int mp4Id = clip.Tracks.ToList().IndexOf(track) + 1;
            long origin = track.Kind == TrackKind.Video ? written.VideoOrigin : written.AudioOrigin;
            var output = units.Where(u => u.TrackId == mp4Id).ToArray();
            Assert.Equal(input.Length, output.Length);
            for (int i = 0; i < input.Length; i++)
            {
                Assert.Equal(input[i].Dts - origin, output[i].Dts);
                Assert.Equal(input[i].Pts - origin, output[i].Pts);
                Assert.Equal(input[i].IsKeyframe, output[i].IsKeyframe);
                Assert.True(input[i].Payload.Span.SequenceEqual(output[i].Payload.Span));
                if (track.Kind == TrackKind.Video)
                {
                    Assert.True((input[i].WallClock!.Value - output[i].WallClock!.Value).Duration() < TimeSpan.FromMilliseconds(1));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Clips))]
    public void TruncatedInsideTheLastFragment_ReportsWhereTheLastCompleteFragmentEnds(string video, string audio, int bframes)
    {
        var written = Mp4TestFiles.WriteFile(TestClip.Get(video, audio, bframes));
        var file = written.File;
        var last = written.Fragments[^1];
        var rng = new Random(4242);
        var cuts = new List<long> { last.Offset + 1, last.Offset + 7, last.Offset + 8, last.End - 1 };
        for (int i = 0; i < 40; i++) cuts.Add(last.Offset + 1 + rng.NextInt64(last.Size - 1));
        foreach (long cut in cuts)
        {
            var r = Mp4Reader.Read(file.AsSpan(0, (int)cut));
            Assert.Equal(Mp4ReadStatus.Truncated, r.Status);
            Assert.Equal(last.Offset, r.CompleteEnd);
            Assert.Equal(written.Fragments.Count - 1, r.Fragments.Count);
            Assert.NotNull(r.Init);
        }

        // A cut exactly between fragments is a complete file; one inside the init has nothing complete.
        var boundary = Mp4Reader.Read(file.AsSpan(0, (int)last.Offset));
        Assert.Equal(Mp4ReadStatus.Complete, boundary.Status);
        Assert.Equal(last.Offset, boundary.CompleteEnd);
        var inInit = Mp4Reader.Read(file.AsSpan(0, (int)written.Fragments[0].Offset - 10));
        Assert.Equal(Mp4ReadStatus.Truncated, inInit.Status);
        Assert.Null(inInit.Init);
        Assert.Empty(inInit.Fragments);
        Assert.True(inInit.CompleteEnd < written.Fragments[0].Offset);
    }

    [Theory]
    [InlineData("05-ffmpeg-frag-default-base-moof.mp4")]
    [InlineData("06-ffmpeg-frag-base-data-offset.mp4")]
    public void ReadsFfmpegsOwnFragmentedFiles(string seed)
    {
        // FFmpeg 5.1 -movflags frag_keyframe+empty_moov[+default_base_moof]: 64x64 H.264 at 10 fps
        // with -g 5 and AAC, 1 s. Its layout differs from ours: tfhd default duration/size/flags,
        // first_sample_flags, and (without default_base_moof) an explicit base_data_offset.
        var file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "mp4", seed));
        var r = Mp4Reader.Read(file);
        Assert.Equal(Mp4ReadStatus.Complete, r.Status);
        Assert.Equal(file.Length, r.CompleteEnd);
        Assert.Equal([MediaCodec.H264, MediaCodec.Aac], r.Init!.Tracks.Select(t => t.Description.Codec));
        Assert.Equal(64, r.Init.Tracks[0].Description.Width);
        Assert.True(r.Fragments.Count >= 2);
        Assert.Equal(10, r.Fragments.Sum(f => f.Track(1)?.Samples.Count ?? 0));
        Assert.All(r.Fragments.Where(f => f.Track(1) is not null), f => Assert.True(f.Track(1)!.FirstSampleIsSync));
        Assert.Equal(2, r.Fragments.Sum(f => f.Track(1)?.Samples.Count(s => s.IsSync) ?? 0));

        // Decode times continue fragment to fragment, and every sample's bytes are an AVCC/AAC frame.
        var units = new List<MediaUnit>();
        foreach (var f in r.Fragments) Assert.True(Mp4Reader.TryReadUnits(file, 0, f, units));
        var video = units.Where(u => u.TrackId == 1).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => video[0].Dts + i * (long)(r.Init.Tracks[0].Timescale / 10)), video.Select(u => u.Dts));
        Assert.All(video, u => Assert.True(TilesAsAvcc(u.Payload.Span)));
        Assert.Equal(5, FirstSliceType(video[0].Payload.Span));  // IDR
        Assert.Equal(1, FirstSliceType(video[1].Payload.Span));  // non-IDR
    }

    /// <summary>True when 4-byte length prefixes exactly tile the payload (one or more NAL units, none empty).</summary>
    private static bool TilesAsAvcc(ReadOnlySpan<byte> avcc)
    {
        int pos = 0;
        while (pos < avcc.Length)
        {
            if (avcc.Length - pos < 5) return false;
            int len = BinaryPrimitives.ReadInt32BigEndian(avcc[pos..]);
            if (len <= 0 || len > avcc.Length - pos - 4) return false;
            pos += 4 + len;
        }
        return pos == avcc.Length;
    }

    /// <summary>nal_unit_type of the first slice (1 or 5) in an AVCC H.264 payload, or -1.</summary>
    private static int FirstSliceType(ReadOnlySpan<byte> avcc)
    {
        for (int pos = 0; pos + 5 <= avcc.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(avcc[pos..]);
            int type = avcc[pos + 4] & 0x1F;
            if (type is 1 or 5) return type;
            pos += 4 + len;
        }
        return -1;
    }

    [Fact]
    public void EmptyData_IsComplete_WithNothing()
    {
        var r = Mp4Reader.Read(ReadOnlySpan<byte>.Empty);
        Assert.Equal(Mp4ReadStatus.Complete, r.Status);
        Assert.Equal(0, r.CompleteEnd);
        Assert.Null(r.Init);
    }

    [Fact]
    public void HeaderCutShort_IsTruncated()
    {
        var r = Mp4Reader.Read(new byte[] { 0, 0, 0, 24, (byte)'f' });
        Assert.Equal(Mp4ReadStatus.Truncated, r.Status);
        Assert.Equal(0, r.ErrorOffset);
        // size 1 = 64-bit largesize, cut inside the largesize
        r = Mp4Reader.Read(new byte[] { 0, 0, 0, 1, (byte)'f', (byte)'r', (byte)'e', (byte)'e', 0, 0, 0 });
        Assert.Equal(Mp4ReadStatus.Truncated, r.Status);
    }

    [Theory]
    [InlineData(0u, 7u)]      // size 7 < header
    [InlineData(1u, 12UL)]    // largesize 12 < 16-byte header
    public void SizesSmallerThanTheHeader_AreMalformed(uint size, ulong largesize)
    {
        var data = new byte[32];
        BinaryPrimitives.WriteUInt32BigEndian(data, size == 0 ? (uint)largesize : 1);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), Mp4BoxType.Free);
        if (size == 1) BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), largesize);
        var r = Mp4Reader.Read(data);
        Assert.Equal(Mp4ReadStatus.Malformed, r.Status);
        Assert.Equal(0, r.CompleteEnd);
    }

    [Fact]
    public void LargesizeAndSizeZero_AreHonoured()
    {
        var init = Mp4SampleEntryTests.Init(SyntheticTracks.H264());
        var data = new List<byte>(init);
        // 'free' with a 64-bit largesize of 24
        data.AddRange([0, 0, 0, 1, .. "free"u8.ToArray(), 0, 0, 0, 0, 0, 0, 0, 24, 1, 2, 3, 4, 5, 6, 7, 8]);
        // 'skip' with size 0: to the end of the file
        data.AddRange([0, 0, 0, 0, .. "skip"u8.ToArray(), 9, 9, 9]);
        var r = Mp4Reader.Read(data.ToArray());
        Assert.Equal(Mp4ReadStatus.Complete, r.Status);
        Assert.Equal(data.Count, r.CompleteEnd);
        Assert.NotNull(r.Init);
    }

    [Fact]
    public void HugeBoxSize_IsTruncated_NotAllocated()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(data, 1);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), Mp4BoxType.Moov);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), long.MaxValue / 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Mp4Reader.Read(data);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Equal(Mp4ReadStatus.Truncated, r.Status);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), ulong.MaxValue);
        Assert.Equal(Mp4ReadStatus.Malformed, Mp4Reader.Read(data).Status);
    }

    [Fact]
    public void MoofWithoutMdat_IsATornFragment_AndAMoofAfterItIsMalformed()
    {
        var (file, fragments) = SmallFile();
        var f = fragments[0];
        int moof = file.AsSpan().IndexOf("moof"u8) - 4;
        Assert.True(moof > f.Offset); // after the fragment's prft
        var moofSize = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(moof));
        var torn = file.AsSpan(0, moof + moofSize).ToArray();
        var r = Mp4Reader.Read(torn);
        Assert.Equal(Mp4ReadStatus.Truncated, r.Status);
        Assert.Equal(f.Offset, r.CompleteEnd);
        Assert.Equal(f.Offset, r.ErrorOffset);

        var twice = torn.Concat(file.AsSpan(moof, moofSize).ToArray()).ToArray();
        var m = Mp4Reader.Read(twice);
        Assert.Equal(Mp4ReadStatus.Malformed, m.Status);
        Assert.Equal(f.Offset, m.CompleteEnd);
    }

    [Fact]
    public void TrunSampleCountBeyondTheBox_IsRejectedWithoutAllocating()
    {
        var (file, _) = SmallFile();
        int trun = file.AsSpan().IndexOf("trun"u8);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(trun + 8), 0xFFFFFFFF);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Mp4Reader.Read(file);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256 * 1024);
        Assert.Equal(Mp4ReadStatus.Malformed, r.Status);
        Assert.Equal("trun sample table overruns the box", r.Error);
    }

    [Fact]
    public void SamplesAboveTheCap_AreALimit()
    {
        var (file, fragments) = SmallFile();
        var r = Mp4Reader.Read(file, new Mp4ReaderOptions { MaxSamplesPerFragment = 5 });
        Assert.Equal(Mp4ReadStatus.LimitExceeded, r.Status);
        Assert.Equal(fragments[0].Offset, r.CompleteEnd);
        var total = Mp4Reader.Read(file, new Mp4ReaderOptions { MaxTotalSamples = fragments[0].SampleCount });
        Assert.Equal(Mp4ReadStatus.LimitExceeded, total.Status);
        Assert.Single(total.Fragments);
        Assert.Equal(fragments[0].End, total.CompleteEnd);
    }

    [Fact]
    public void SampleDataOutsideItsMdat_IsMalformed()
    {
        var (file, fragments) = SmallFile();
        int trun = file.AsSpan().IndexOf("trun"u8);
        // data_offset (after version/flags and sample_count) pushed past the mdat.
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(trun + 12), 1 << 20);
        var r = Mp4Reader.Read(file);
        Assert.Equal(Mp4ReadStatus.Malformed, r.Status);
        Assert.Equal("sample data outside its mdat", r.Error);
        Assert.Equal(fragments[0].Offset, r.CompleteEnd);
    }

    [Fact]
    public void TooManyTracks_IsALimit()
    {
        var tracks = Enumerable.Range(0, 16).Select(i => SyntheticTracks.Pcmu(i)).ToArray();
        var init = Mp4SampleEntryTests.Init(tracks);
        Assert.Equal(16, Mp4Reader.Read(init).Init!.Tracks.Count);
        var r = Mp4Reader.Read(init, new Mp4ReaderOptions { MaxTracks = 15 });
        Assert.Equal(Mp4ReadStatus.LimitExceeded, r.Status);
        Assert.Null(r.Init);
    }

    [Fact]
    public void UnknownSampleEntry_GivesAnUnknownCodec_NotAFailure()
    {
        var init = Mp4SampleEntryTests.Init(SyntheticTracks.H264());
        int avc1 = init.AsSpan().IndexOf("avc1"u8);
        "mp4v"u8.CopyTo(init.AsSpan(avc1));
        var r = Mp4Reader.Read(init);
        Assert.Equal(Mp4ReadStatus.Complete, r.Status);
        Assert.Equal(MediaCodec.Unknown, r.Init!.Tracks[0].Description.Codec);
        Assert.Equal(Mp4BoxType.FromString("mp4v"), r.Init.Tracks[0].SampleEntryType);
    }

    [Fact]
    public void TryReadUnits_RefusesSamplesOutsideTheGivenBytes()
    {
        var (file, fragments) = SmallFile();
        var f = fragments[0];
        var units = new List<MediaUnit>();
        Assert.False(Mp4Reader.TryReadUnits(file.AsSpan((int)f.Offset, (int)f.Size - 1), f.Offset, f, units));
        Assert.Empty(units);
        Assert.False(Mp4Reader.TryReadUnits(file, 0, f, units, new Mp4ReaderOptions { MaxSampleSize = 8 }));
        Assert.True(Mp4Reader.TryReadUnits(file, 0, f, units));
        Assert.Equal(f.SampleCount, units.Count);
    }

    /// <summary>A tiny H.264 + G.711 file: 2 fragments of synthetic samples.</summary>
    internal static (byte[] File, List<Mp4Fragment> Fragments) SmallFile()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        var fragments = new List<Mp4Fragment>();
        for (int i = 0; i < 10; i++)
        {
            w.Append(SyntheticTracks.Video(i * 3600L, i % 5 == 0, wall: TestClip.WallClockBase.AddMilliseconds(40 * i)));
            if (i % 5 == 0 && i > 0) fragments.Add(w.WriteFragment(output)!);
            w.Append(SyntheticTracks.Audio(i * 320L, 160));
            w.Append(SyntheticTracks.Audio(i * 320L + 160, 160));
        }
        fragments.Add(w.WriteFinalFragment(output)!);
        return (output.WrittenSpan.ToArray(), fragments);
    }

    internal static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        Segment? first = null, last = null;
        for (int i = 0; i < data.Length; i += segmentSize)
        {
            var s = new Segment(data.AsMemory(i, Math.Min(segmentSize, data.Length - i)), i);
            if (first is null) first = s;
            else last!.SetNext(s);
            last = s;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
