namespace Nvr.Media.Mp4;

/// <summary>The content of an init segment ('ftyp' + 'moov') that matters for reading fragments back.</summary>
public sealed class Mp4InitSegment
{
    public Mp4InitSegment(uint majorBrand, IReadOnlyList<uint> compatibleBrands, IReadOnlyList<Mp4Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(compatibleBrands);
        ArgumentNullException.ThrowIfNull(tracks);
        MajorBrand = majorBrand;
        CompatibleBrands = compatibleBrands;
        Tracks = tracks;
    }

    /// <summary>'ftyp' major_brand (0 without an 'ftyp').</summary>
    public uint MajorBrand { get; }
    public IReadOnlyList<uint> CompatibleBrands { get; }
    /// <summary>Audio and video tracks, in 'moov' order. Tracks of other handler types are left out.</summary>
    public IReadOnlyList<Mp4Track> Tracks { get; }

    /// <summary>The track descriptions, in order, ready for a <see cref="StreamDescription"/>.</summary>
    public IReadOnlyList<TrackDescription> Descriptions => Tracks.Select(t => t.Description).ToArray();

    public Mp4Track? Track(int trackId)
    {
        foreach (var t in Tracks)
        {
            if (t.TrackId == trackId) return t;
        }
        return null;
    }

    /// <summary>The first video track, else the first track: the one whose timing describes a fragment.</summary>
    public Mp4Track? ReferenceTrack => Tracks.FirstOrDefault(t => t.Description.Kind == TrackKind.Video) ?? Tracks.FirstOrDefault();

    internal Mp4InitSegment WithBrands(uint major, IReadOnlyList<uint> compatible) => new(major, compatible, Tracks);
}
