namespace Nvr.Media;

/// <summary>
/// One access unit: a whole video frame or one audio frame. Immutable once published and shared
/// by every reader of a feed (never copied per reader).
/// </summary>
/// <remarks>
/// Video payloads are length-prefixed NAL units (4-byte big-endian length, "AVCC" form) for both
/// H.264 and H.265, without parameter sets unless the camera sent them in-band. Audio payloads are
/// raw frames (AAC access unit without ADTS, G.711 samples).
/// </remarks>
public sealed class MediaUnit
{
    public MediaUnit(int trackId, long pts, long dts, bool isKeyframe, ReadOnlyMemory<byte> payload, DateTime? wallClock = null)
    {
        TrackId = trackId;
        Pts = pts;
        Dts = dts;
        IsKeyframe = isKeyframe;
        Payload = payload;
        WallClock = wallClock;
    }

    public int TrackId { get; }
    /// <summary>Presentation time in the track clock (<see cref="TrackDescription.ClockRate"/>), 64-bit, unwrapped.</summary>
    public long Pts { get; }
    /// <summary>Decode time in the track clock; equals <see cref="Pts"/> when there is no reordering.</summary>
    public long Dts { get; }
    /// <summary>Video: an IDR/IRAP picture (a decoder can start here). Audio: always true.</summary>
    public bool IsKeyframe { get; }
    public ReadOnlyMemory<byte> Payload { get; }
    /// <summary>UTC wallclock of <see cref="Pts"/> when known (from RTCP SR or the receive-time anchor).</summary>
    public DateTime? WallClock { get; }
}
