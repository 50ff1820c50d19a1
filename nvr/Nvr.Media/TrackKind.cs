namespace Nvr.Media;

public enum TrackKind
{
    Video,
    Audio,
}
