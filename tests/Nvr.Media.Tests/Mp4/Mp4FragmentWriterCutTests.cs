using System.Buffers;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

/// <summary>
/// File cuts with G.711 audio whose frames (1024 samples = 128 ms from GStreamer's payloader)
/// straddle the keyframe: the PCM sample is split at the keyframe so both files' tracks meet there.
/// </summary>
public class Mp4FragmentWriterCutTests
{
    private const int Frame = 6000;   // 15 fps at 90 kHz
    private const int Block = 1024;   // G.711 samples per unit at 8 kHz

    /// <summary>Appends video [from, to) every frame (keyframe at from) and audio blocks up to the video time.</summary>
    private static void Feed(Mp4FragmentWriter w, long fromVideo, long toVideo, ref long audioDts)
    {
        for (long v = fromVideo; v < toVideo; v += Frame)
        {
            Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(v, key: v == fromVideo)));
            // Audio blocks arrive once they have been captured (by their end) — interleaved by time.
            while ((audioDts + Block) * 90_000L / 8000 <= v)
            {
                Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Audio(audioDts, Block)));
                audioDts += Block;
            }
        }
    }

    [Fact]
    public void Pcm_sample_across_the_keyframe_is_split_so_both_files_start_and_end_together()
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu()]);
        var file1 = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(file1);
        long audio = 0;
        Feed(w, 0, 90_000, ref audio);
        // The keyframe at 1 s (sample 8000) arrives; audio has reached 8192 (block 7168..8192 straddles it).
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(90_000, key: true)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Audio(audio, Block)));
        audio += Block;
        Assert.Equal(1, w.SplitAtReferenceCut());
        var last1 = w.WriteFragment(file1)!;
        var v1 = last1.Track(1)!;
        var a1 = last1.Track(2)!;
        Assert.Equal(90_000, v1.BaseDecodeTime + v1.Duration);  // video ends at the keyframe...
        Assert.Equal(8000, a1.BaseDecodeTime + a1.Duration);    // ...and so does the audio, exactly
        Assert.Equal(8000 - 7168, (long)a1.Samples[^1].Duration);
        Assert.Equal(8000 - 7168, a1.Samples[^1].Size);          // one byte a sample
        Assert.Equal(8000, a1.DataSize);

        // The next file: both tracks start at its origin (0), the audio with the split remainder.
        var file2 = new ArrayBufferWriter<byte>();
        w.WriteInitSegment(file2);
        Feed(w, 96_000, 180_000, ref audio);
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(180_000, key: true)));
        w.SplitAtReferenceCut();
        var first2 = w.WriteFragment(file2)!;
        Assert.True(w.TryGetFileOrigin(0, out long videoOrigin));
        Assert.True(w.TryGetFileOrigin(1, out long audioOrigin));
        Assert.Equal((90_000L, 8000L), (videoOrigin, audioOrigin));
        var v2 = first2.Track(1)!;
        var a2 = first2.Track(2)!;
        Assert.Equal((0L, 0L), (v2.BaseDecodeTime, a2.BaseDecodeTime));
        Assert.Equal(8192 - 8000, (long)a2.Samples[0].Duration);
        Assert.Equal(8192 - 8000, a2.Samples[0].Size);
        // Contiguous: file 2's audio runs from the cut to the block still held back (14336), whose
        // end (15360) has not reached this keyframe (16000): it is not split, it opens the next fragment.
        Assert.Equal(14_336 - 8000, a2.Duration);
        Assert.Equal(14_336 - 8000, a2.DataSize);
    }

    [Fact]
    public void Aac_and_audio_that_does_not_reach_the_cut_are_left_alone()
    {
        var aac = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Aac()]);
        aac.Append(SyntheticTracks.Video(0, true));
        aac.Append(SyntheticTracks.Audio(0, 200));
        aac.Append(SyntheticTracks.Audio(1024, 200));
        aac.Append(SyntheticTracks.Video(3000, true));
        Assert.Equal(0, aac.SplitAtReferenceCut());

        var lagging = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu()]);
        lagging.Append(SyntheticTracks.Video(0, true));
        lagging.Append(SyntheticTracks.Audio(0, 160));
        lagging.Append(SyntheticTracks.Video(90_000, true)); // audio has only reached 160 of 8000
        Assert.Equal(0, lagging.SplitAtReferenceCut());
        var f = lagging.WriteFragment(new ArrayBufferWriter<byte>())!;
        Assert.Null(f.Track(2)); // the held audio block stays for the next fragment, whole
    }

    [Theory]
    [InlineData(true)]   // the straddling block arrived before the keyframe (kept as pre-roll)
    [InlineData(false)]  // it arrived after the keyframe
    public void First_file_of_a_run_starts_the_pcm_track_at_the_keyframe(bool audioFirst)
    {
        var w = new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu()]);
        w.WriteInitSegment(new ArrayBufferWriter<byte>());
        Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Audio(6144, Block))); // ends 7168: before the run
        if (audioFirst) Assert.Equal(Mp4AppendResult.WaitingForKeyframe, w.Append(SyntheticTracks.Audio(7168, Block)));
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(90_000, key: true)));
        if (!audioFirst) Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Audio(7168, Block)));
        long audio = 8192;
        Feed(w, 96_000, 180_000, ref audio);
        Assert.Equal(Mp4AppendResult.Accepted, w.Append(SyntheticTracks.Video(180_000, key: true)));
        var f = w.WriteFragment(new ArrayBufferWriter<byte>())!;
        Assert.Equal((0L, 0L), (f.Track(1)!.BaseDecodeTime, f.Track(2)!.BaseDecodeTime));
        Assert.Equal(8192 - 8000, (long)f.Track(2)!.Samples[0].Duration);
        Assert.Equal(8192 - 8000, f.Track(2)!.Samples[0].Size);
        Assert.True(w.TryGetFileOrigin(1, out long audioOrigin));
        Assert.Equal(8000, audioOrigin);
    }
}
