using Nvr.Media;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>An encoded clip as a feed would carry it: a description and units in publish order.</summary>
internal sealed record ClipMedia(StreamDescription Description, IReadOnlyList<MediaUnit> Units, double DurationSeconds)
{
    public TrackDescription Video => Description.Video!;

    public int VideoUnits => Units.Count(u => u.TrackId == Video.Id);

    public int AudioUnits => Units.Count(u => Description.Audio is { } a && u.TrackId == a.Id);
}
