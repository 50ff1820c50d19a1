using System.Buffers;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

/// <summary>Drives an <see cref="Mp4FragmentWriter"/> the way the recorder will.</summary>
internal static class Mp4TestFiles
{
    public static readonly TimeSpan FragmentTarget = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Appends <paramref name="units"/>; after each video keyframe, writes a fragment once at least
    /// <see cref="FragmentTarget"/> is pending (so fragments start on keyframes). Units before
    /// the first keyframe of a run are dropped by the writer; the others are added to
    /// <paramref name="accepted"/>.
    /// </summary>
    public static void Feed(Mp4FragmentWriter writer, IBufferWriter<byte> output, IEnumerable<MediaUnit> units, List<Mp4Fragment> fragments,
        List<MediaUnit>? accepted = null)
    {
        foreach (var u in units)
        {
            var r = writer.Append(u);
            if (r == Mp4AppendResult.WaitingForKeyframe && (accepted is null || accepted.Count == 0)) continue;
            Assert.Equal(Mp4AppendResult.Accepted, r);
            accepted?.Add(u);
            if (u.TrackId == TestClip.VideoTrackId && u.IsKeyframe && writer.PendingDuration >= FragmentTarget)
            {
                fragments.Add(writer.WriteFragment(output) ?? throw new InvalidOperationException("no fragment"));
            }
        }
    }

    /// <summary>One whole file written from a clip, with what the writer reported.</summary>
    public sealed record WrittenFile(byte[] File, List<Mp4Fragment> Fragments, List<MediaUnit> Accepted, long VideoOrigin, long AudioOrigin);

    /// <summary>One whole file: init, fragments, final fragment.</summary>
    public static WrittenFile WriteFile(TestClip clip, Mp4FragmentWriterOptions? options = null)
    {
        var writer = new Mp4FragmentWriter(clip.Tracks, options);
        var output = new ArrayBufferWriter<byte>();
        var fragments = new List<Mp4Fragment>();
        var accepted = new List<MediaUnit>();
        writer.WriteInitSegment(output);
        Feed(writer, output, clip.Units, fragments, accepted);
        fragments.Add(writer.WriteFinalFragment(output) ?? throw new InvalidOperationException("no final fragment"));
        Assert.True(writer.TryGetFileOrigin(TestClip.VideoTrackId, out long videoOrigin));
        writer.TryGetFileOrigin(TestClip.AudioTrackId, out long audioOrigin);
        return new WrittenFile(output.WrittenSpan.ToArray(), fragments, accepted, videoOrigin, audioOrigin);
    }
}
