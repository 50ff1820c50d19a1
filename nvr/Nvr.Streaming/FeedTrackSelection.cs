namespace Nvr.Streaming;

/// <summary>Which units a <see cref="FeedReader"/> receives.</summary>
/// <remarks>
/// The stream's video track is its first track of kind video; every other track counts as
/// audio. With <see cref="Audio"/> (or on a stream without video) every unit is a sync point,
/// because every audio frame is independently decodable (<see cref="Nvr.Media.MediaUnit.IsKeyframe"/>).
/// </remarks>
public enum FeedTrackSelection
{
    /// <summary>Every track; resync points are video keyframes (any unit on an audio-only stream).</summary>
    All,
    /// <summary>Only the video track (snapshot, motion detection).</summary>
    Video,
    /// <summary>Only non-video tracks (audio listeners); every unit is a sync point.</summary>
    Audio,
}
