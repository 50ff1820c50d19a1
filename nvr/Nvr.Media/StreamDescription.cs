namespace Nvr.Media;

/// <summary>
/// The tracks of one camera stream. <see cref="Version"/> increases whenever any track's codec
/// parameters change, so readers (muxers, recorder) can tell they must start a new init segment.
/// </summary>
public sealed record StreamDescription(int Version, IReadOnlyList<TrackDescription> Tracks)
{
    public TrackDescription? Video => Tracks.FirstOrDefault(t => t.Kind == TrackKind.Video);
    public TrackDescription? Audio => Tracks.FirstOrDefault(t => t.Kind == TrackKind.Audio);

    public TrackDescription? Track(int id)
    {
        foreach (var t in Tracks)
        {
            if (t.Id == id) return t;
        }
        return null;
    }
}
