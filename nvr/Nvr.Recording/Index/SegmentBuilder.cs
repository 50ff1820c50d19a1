using Nvr.Media;
using Nvr.Media.Mp4;
using Nvr.Recording.Files;

namespace Nvr.Recording.Index;

/// <summary>
/// Computes a segment's row and fragment table from its boxes: the init segment, the Nvr header and
/// the fragments as <see cref="Mp4Reader"/> reads them. The recorder feeds it the bytes it just
/// wrote, the scanner the bytes it finds on disk — one function, so the live index and a rebuilt
/// one agree (nvr/design/storage.md, "Derived values, one function").
/// </summary>
public sealed class SegmentBuilder
{
    private readonly List<FragmentEntry> _entries = [];
    private int _frames;

    public SegmentBuilder(string id, string camera, string stream, SegmentHeader header, Mp4InitSegment init)
    {
        Id = id;
        Camera = camera;
        Stream = stream;
        Header = header;
        Init = init;
        var tracks = init.Tracks;
        Codecs = string.Join(',', tracks.Select(t => CodecName(t.Description.Codec)));
        var video = tracks.FirstOrDefault(t => t.Description.Kind == TrackKind.Video)?.Description;
        Width = video?.Width ?? 0;
        Height = video?.Height ?? 0;
    }

    public string Id { get; }
    public string Camera { get; }
    public string Stream { get; }
    public SegmentHeader Header { get; }
    public Mp4InitSegment Init { get; }
    public string Codecs { get; }
    public int Width { get; }
    public int Height { get; }
    public IReadOnlyList<FragmentEntry> Entries => _entries;
    public int Frames => _frames;

    /// <summary>End of the last fragment added (0 before any).</summary>
    public long CompleteEnd => _entries.Count == 0 ? 0 : _entries[^1].End;

    /// <summary>Adds a fragment; false (ignored) when it has no sample of the reference track or overlaps the previous one.</summary>
    public bool Add(Mp4Fragment fragment)
    {
        var reference = fragment.Track(Header.ReferenceTrackId);
        if (reference is null || reference.Samples.Count == 0) return false;
        if (fragment.Offset < CompleteEnd || fragment.Size > int.MaxValue || reference.Duration > uint.MaxValue) return false;
        _entries.Add(new FragmentEntry(fragment.Offset, (int)fragment.Size, reference.BaseDecodeTime, (uint)reference.Duration, reference.FirstSampleIsSync));
        _frames += reference.Samples.Count;
        return true;
    }

    /// <summary>The row for a file of <paramref name="bytes"/> bytes, or null without fragments (or with times no date can hold).</summary>
    public SegmentRecord? Build(long bytes, SegmentState state)
    {
        if (_entries.Count == 0) return null;
        var first = _entries[0];
        var last = _entries[^1];
        if (!Header.TryWallTicks(first.Dts, out var start) || !Header.TryWallTicks(last.Dts + last.Duration, out var end)) return null;
        return new SegmentRecord
        {
            Id = Id,
            Camera = Camera,
            Stream = Stream,
            StartTicks = start,
            EndTicks = end,
            Bytes = bytes,
            Codecs = Codecs,
            Width = Width,
            Height = Height,
            Fragments = _entries.Count,
            Frames = _frames,
            RunId = Header.RunId,
            StartReason = Header.StartReason,
            Flags = Header.Flags,
            State = state,
            AnchorWallTicks = Header.AnchorWallTicks,
            AnchorMedia = Header.AnchorMedia,
            Origin = Header.Origin,
            Timescale = Header.Timescale,
        };
    }

    public static string CodecName(MediaCodec codec) => codec switch
    {
        MediaCodec.H264 => "h264",
        MediaCodec.H265 => "h265",
        MediaCodec.Aac => "aac",
        MediaCodec.Pcma => "pcma",
        MediaCodec.Pcmu => "pcmu",
        MediaCodec.Mjpeg => "mjpeg",
        _ => "unknown",
    };
}
