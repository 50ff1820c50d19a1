using System.Buffers;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

public sealed class Mp4FragmentWriterTests
{
    private static readonly DateTime T0 = new(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

    [Fact]
    public void Durations_ComeFromTheNextDts_AndTheNewestUnitIsHeldBack()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264()]);
        var output = new ArrayBufferWriter<byte>();
        int init = w.WriteInitSegment(output);
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(1000, true)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(4000, false)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(7600, false)));
        Assert.Equal(TimeSpan.FromMilliseconds(6600 / 90.0), w.PendingDuration);

        var f1 = w.WriteFragment(output)!;
        var v = f1.Track(1)!;
        Assert.Equal(0, v.BaseDecodeTime); // the file starts at zero...
        Assert.True(w.TryGetFileOrigin(0, out long origin));
        Assert.Equal(1000, origin);        // ...which stands for stream DTS 1000
        Assert.Equal([3000u, 3600u], v.Samples.Select(s => s.Duration));
        Assert.Equal(init, f1.Offset);
        Assert.Equal(1u, f1.SequenceNumber);
        Assert.True(f1.IsKeyframe);
        Assert.Null(w.WriteFragment(output)); // only the held-back unit remains

        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(10600, true)));
        var f2 = w.WriteFragment(output)!;
        Assert.Equal(6600, f2.StartDts);                         // = 3000 + 3600
        Assert.Equal(f1.StartDts + f1.Duration, f2.StartDts);
        Assert.Equal([3000u], f2.Track(1)!.Samples.Select(s => s.Duration));
        Assert.False(f2.IsKeyframe);
        Assert.Equal(f1.End, f2.Offset);
        Assert.Equal(output.WrittenCount, w.FileOffset);

        var read = Mp4Reader.Read(output.WrittenSpan);
        Assert.Equal(Mp4ReadStatus.Complete, read.Status);
        AssertSameFragments([f1, f2], read.Fragments);
    }

    [Fact]
    public void AppendingTheKeyframeThenCutting_StartsTheNextFragmentWithIt()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        var fragments = new List<Mp4Fragment>();
        long audio = 0;
        for (int i = 0; i < 75; i++) // 3 s at 25 fps, keyframe every 25 frames, AAC interleaved
        {
            long dts = i * 3600L;
            bool key = i % 25 == 0;
            Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(dts, key)));
            if (key && w.PendingDuration >= TimeSpan.FromSeconds(1)) fragments.Add(w.WriteFragment(output)!);
            while (audio * 90000 / 48000 <= dts)
            {
                Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Audio(audio)));
                audio += 1024;
            }
        }
        fragments.Add(w.WriteFinalFragment(output)!);

        Assert.Equal(3, fragments.Count);
        Assert.All(fragments, f => Assert.True(f.IsKeyframe));
        Assert.Equal([25, 25, 25], fragments.Select(f => f.Track(1)!.Samples.Count));
        Assert.Equal([0L, 90000, 180000], fragments.Select(f => f.StartDts));
        Assert.All(fragments, f => Assert.Equal(90000, f.Duration));
        for (int i = 1; i < fragments.Count; i++)
        {
            var prev = fragments[i - 1].Track(2)!;
            Assert.Equal(prev.BaseDecodeTime + prev.Duration, fragments[i].Track(2)!.BaseDecodeTime);
        }
        Assert.All(fragments.SelectMany(f => f.Track(2)!.Samples), s => Assert.Equal(1024u, s.Duration));

        var read = Mp4Reader.Read(output.WrittenSpan);
        Assert.Equal(Mp4ReadStatus.Complete, read.Status);
        AssertSameFragments(fragments, read.Fragments);
    }

    [Fact]
    public void FinalFragment_GivesHeldUnitsTheLastDuration_AndWaitsForAKeyframeAgain()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        w.Append(SyntheticTracks.Video(0, true));
        w.Append(SyntheticTracks.Audio(0, 160));
        w.Append(SyntheticTracks.Video(3003, false));
        w.Append(SyntheticTracks.Audio(160, 160));
        var f = w.WriteFinalFragment(output)!;
        Assert.Equal([3003u, 3003u], f.Track(1)!.Samples.Select(s => s.Duration));
        Assert.Equal([160u, 160u], f.Track(2)!.Samples.Select(s => s.Duration));
        Assert.True(w.IsWaitingForKeyframe);
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Video(6006, false)));
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Audio(320, 160)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(9009, true)));
    }

    [Theory]
    [InlineData(MediaCodec.H264, 3600u)]   // 90000 / 25 fps default
    [InlineData(MediaCodec.Aac, 1024u)]    // one AAC frame
    [InlineData(MediaCodec.Pcmu, 240u)]    // payload bytes at 1 byte a sample
    public void FinalFragment_OfASingleUnit_UsesTheCodecDefaultDuration(MediaCodec codec, uint expected)
    {
        var track = codec switch
        {
            MediaCodec.H264 => SyntheticTracks.H264(5),
            MediaCodec.Aac => SyntheticTracks.Aac(5),
            _ => SyntheticTracks.Pcmu(5),
        };
        var w = new Mp4FragmentWriter([track]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        var unit = codec == MediaCodec.H264 ? SyntheticTracks.Video(100, true, trackId: 5) : SyntheticTracks.Audio(100, 240, trackId: 5);
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(unit));
        var f = w.WriteFinalFragment(output)!;
        Assert.Equal(expected, f.Track(1)!.Samples.Single().Duration);
    }

    [Fact]
    public void Append_RejectsWhatCannotBeStored_WithoutChangingState()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()],
            new Mp4FragmentWriterOptions { MaxSampleSize = 1000, MaxFragmentBytes = 1000, MaxSamplesPerFragment = 2, Timeline = Mp4Timeline.StreamTime });
        Assert.Equal(Mp4AppendResult.UnknownTrack, w.Append(SyntheticTracks.Video(0, true, trackId: 9)));
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Video(0, false)));
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Audio(0)));
        Assert.Equal(Mp4AppendResult.EmptyPayload, w.Append(new MediaUnit(0, 0, 0, true, ReadOnlyMemory<byte>.Empty)));
        Assert.Equal(Mp4AppendResult.TooLarge, w.Append(SyntheticTracks.Video(0, true, size: 1000)));
        Assert.Equal(Mp4AppendResult.NegativeTimestamp, w.Append(SyntheticTracks.Video(-1, true)));
        Assert.Equal(Mp4AppendResult.CompositionOffsetOutOfRange, w.Append(SyntheticTracks.Video(0, true, pts: 1L << 40)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(1000, true)));
        Assert.Equal(Mp4AppendResult.NonMonotonicDts, w.Append(SyntheticTracks.Video(1000, false)));
        Assert.Equal(Mp4AppendResult.NonMonotonicDts, w.Append(SyntheticTracks.Video(500, false)));
        Assert.Equal(Mp4AppendResult.TimestampGap, w.Append(SyntheticTracks.Video(1000 + (1L << 32), false)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(4000, false)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(7000, false)));
        Assert.Equal(Mp4AppendResult.FragmentFull, w.Append(SyntheticTracks.Video(10000, false))); // 2 committed = cap

        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        var f = w.WriteFragment(output)!;
        Assert.Equal([1000L, 4000], f.Track(1)!.Samples.Select(s => s.DecodeTime));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(10000, false)));
    }

    [Fact]
    public void Prft_CarriesTheWallclockOfTheFirstVideoSample_AtItsPts()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Audio(0)));
        w.Append(SyntheticTracks.Video(90000, true, pts: 93600, wall: T0));
        w.Append(SyntheticTracks.Audio(1024));
        w.Append(SyntheticTracks.Video(93600, false, pts: 97200, wall: T0.AddMilliseconds(40)));
        w.Append(SyntheticTracks.Video(97200, true, pts: 100800, wall: T0.AddMilliseconds(80)));
        var f = w.WriteFragment(output)!;
        Assert.Equal(T0, f.WallClock);
        Assert.Equal(1, f.WallClockTrackId);
        // File origin: the audio unit at 1024/48000 s (the one at 0 came before the keyframe) = 1920 in 90 kHz.
        Assert.Equal(93600 - 1920, f.WallClockMediaTime);

        var read = Mp4Reader.Read(output.WrittenSpan).Fragments.Single();
        Assert.Equal(f.Offset, read.Offset);
        Assert.Equal(Mp4BoxType.Prft, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(output.WrittenSpan[(int)(f.Offset + 4)..]));
        Assert.Equal(93600 - 1920, read.WallClockMediaTime);
        Assert.True((read.WallClock!.Value - T0).Duration() <= TimeSpan.FromTicks(1));

        var units = new List<MediaUnit>();
        Assert.True(Mp4Reader.TryReadUnits(output.WrittenSpan, 0, read, units));
        var video = units.Where(u => u.TrackId == 1).ToArray();
        Assert.Equal(2, video.Length);
        Assert.True((video[1].WallClock!.Value - T0.AddMilliseconds(40)).Duration() <= TimeSpan.FromTicks(2));
        Assert.All(units.Where(u => u.TrackId == 2), u => Assert.Null(u.WallClock));
        Assert.Equal(3600, video[0].Pts - video[0].Dts);
    }

    [Fact]
    public void WithoutWallclock_ThereIsNoPrft_AndTheFragmentStartsAtItsMoof()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        w.Append(SyntheticTracks.Video(0, true));
        var f = w.WriteFinalFragment(output)!;
        Assert.Null(f.WallClock);
        Assert.Equal(Mp4BoxType.Moof, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(output.WrittenSpan[(int)(f.Offset + 4)..]));
        Assert.Null(Mp4Reader.Read(output.WrittenSpan).Fragments.Single().WallClock);
    }

    [Fact]
    public void CompositionOffsets_AreSigned_AndSurviveTheRoundTrip()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        // I P B B decode order with PTS reordering, and one negative offset (PTS < DTS).
        long[] dts = [0, 3600, 7200, 10800, 14400];
        long[] pts = [7200, 18000, 10800, 14400, 12000];
        for (int i = 0; i < dts.Length; i++) w.Append(SyntheticTracks.Video(dts[i], i == 0, pts[i]));
        var f = w.WriteFinalFragment(output)!;
        var read = Mp4Reader.Read(output.WrittenSpan).Fragments.Single();
        Assert.Equal(pts.Zip(dts, (p, d) => (int)(p - d)), read.Track(1)!.Samples.Select(s => s.CompositionOffset));
        Assert.Equal(1, Mp4SampleEntryTests.Count(output.WrittenSpan.ToArray(), Mp4BoxType.Trun));
        int trun = output.WrittenSpan.ToArray().AsSpan().IndexOf("trun"u8);
        Assert.Equal(1, output.WrittenSpan[trun + 4]);               // version 1: signed offsets
        Assert.Equal([0x00, 0x0F, 0x01], output.WrittenSpan.Slice(trun + 5, 3).ToArray()); // flags: offset, duration, size, flags, cto
        AssertSameFragments([f], [read]);
    }

    [Fact]
    public void SequenceNumbers_KeepIncreasing_AcrossFiles_AndOffsetsRestart()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264()]);
        var a = new ArrayBufferWriter<byte>();
        int initSize = w.WriteInitSegment(a);
        w.Append(SyntheticTracks.Video(0, true));
        w.Append(SyntheticTracks.Video(3600, true));
        var f1 = w.WriteFragment(a)!;
        var b = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(b);
        var f2 = w.WriteFinalFragment(b)!;
        Assert.Equal(1u, f1.SequenceNumber);
        Assert.Equal(2u, f2.SequenceNumber);
        Assert.Equal(initSize, f2.Offset);
        Assert.Equal(0, f2.StartDts);
        Assert.True(w.TryGetFileOrigin(0, out long origin));
        Assert.Equal(3600, origin);
        Assert.True(f2.IsKeyframe);
    }

    [Fact]
    public void FileOrigin_IsTheEarliestPendingStartOverTracks_InEachTracksClock()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()]);
        var output = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(output);
        Assert.False(w.TryGetFileOrigin(0, out _));
        w.Append(SyntheticTracks.Video(900000, true));   // 10 s
        w.Append(SyntheticTracks.Audio(479000));         // 9.979166 s: earlier than the video
        w.Append(SyntheticTracks.Audio(480024));
        w.Append(SyntheticTracks.Video(903600, false));
        var f = w.WriteFragment(output)!;
        Assert.True(w.TryGetFileOrigin(1, out long audioOrigin));
        Assert.True(w.TryGetFileOrigin(0, out long videoOrigin));
        Assert.Equal(479000, audioOrigin);
        Assert.Equal(898125, videoOrigin);               // 479000 × 90000 / 48000
        Assert.Equal(1875, f.Track(1)!.BaseDecodeTime);  // video starts 20.83 ms after the audio
        Assert.Equal(0, f.Track(2)!.BaseDecodeTime);
        // Later units that would fall before the origin cannot be stored in this file.
        Assert.Equal(Mp4AppendResult.NegativeTimestamp, new Func<Mp4AppendResult>(() =>
        {
            var w2 = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()]);
            w2.WriteInitSegment(new ArrayBufferWriter<byte>());
            w2.Append(SyntheticTracks.Video(900000, true));
            w2.Append(SyntheticTracks.Video(903600, false));
            w2.WriteFragment(new ArrayBufferWriter<byte>());
            return w2.Append(SyntheticTracks.Audio(470000)); // 9.79 s < 10 s origin
        })());
    }

    [Fact]
    public void StreamTimeline_StoresDtsUnchanged_AcrossFiles()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264()], new Mp4FragmentWriterOptions { Timeline = Mp4Timeline.StreamTime });
        var a = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(a);
        Assert.Equal(Mp4AppendResult.NegativeTimestamp, w.Append(SyntheticTracks.Video(-1, true)));
        w.Append(SyntheticTracks.Video(5000, true));
        w.Append(SyntheticTracks.Video(8600, true));
        var f1 = w.WriteFragment(a)!;
        var b = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(b);
        var f2 = w.WriteFinalFragment(b)!;
        Assert.Equal(5000, f1.StartDts);
        Assert.Equal(8600, f2.StartDts);
        Assert.Equal(f1.StartDts + f1.Duration, f2.StartDts);
    }

    internal static void AssertSameFragments(IReadOnlyList<Mp4Fragment> expected, IReadOnlyList<Mp4Fragment> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal(e.Offset, a.Offset);
            Assert.Equal(e.Size, a.Size);
            Assert.Equal(e.SequenceNumber, a.SequenceNumber);
            Assert.Equal(e.ReferenceTrackId, a.ReferenceTrackId);
            Assert.Equal(e.StartDts, a.StartDts);
            Assert.Equal(e.Duration, a.Duration);
            Assert.Equal(e.IsKeyframe, a.IsKeyframe);
            Assert.Equal(e.WallClockTrackId, a.WallClockTrackId);
            Assert.Equal(e.WallClockMediaTime, a.WallClockMediaTime);
            Assert.Equal(e.WallClock.HasValue, a.WallClock.HasValue);
            if (e.WallClock is { } ew) Assert.True((ew - a.WallClock!.Value).Duration() <= TimeSpan.FromTicks(1));
            Assert.Equal(e.Tracks.Count, a.Tracks.Count);
            for (int t = 0; t < e.Tracks.Count; t++)
            {
                Assert.Equal(e.Tracks[t].TrackId, a.Tracks[t].TrackId);
                Assert.Equal(e.Tracks[t].Timescale, a.Tracks[t].Timescale);
                Assert.Equal(e.Tracks[t].BaseDecodeTime, a.Tracks[t].BaseDecodeTime);
                Assert.Equal(e.Tracks[t].Samples, a.Tracks[t].Samples);
            }
        }
    }
}
