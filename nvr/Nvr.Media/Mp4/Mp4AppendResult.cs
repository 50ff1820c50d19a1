namespace Nvr.Media.Mp4;

/// <summary>What <see cref="Mp4FragmentWriter.Append"/> did with a unit. Only <see cref="Accepted"/> keeps it.</summary>
public enum Mp4AppendResult
{
    Accepted,
    /// <summary>The unit's track id is not one of the writer's tracks.</summary>
    UnknownTrack,
    /// <summary>Dropped: the run has not reached its first video keyframe yet.</summary>
    WaitingForKeyframe,
    /// <summary>Dropped: empty payload.</summary>
    EmptyPayload,
    /// <summary>Dropped: payload above <see cref="Mp4FragmentWriterOptions.MaxSampleSize"/>.</summary>
    TooLarge,
    /// <summary>
    /// Dropped: the DTS maps below zero in the file ('tfdt' is unsigned): below the current
    /// file's origin (<see cref="Mp4Timeline.FileStartsAtZero"/>), or negative (<see cref="Mp4Timeline.StreamTime"/>).
    /// </summary>
    NegativeTimestamp,
    /// <summary>Dropped: DTS not above the previous DTS of the same track.</summary>
    NonMonotonicDts,
    /// <summary>Dropped: DTS jumps further than a 32-bit sample duration can express. End the file and start a new run.</summary>
    TimestampGap,
    /// <summary>Dropped: PTS − DTS does not fit a signed 32-bit composition offset.</summary>
    CompositionOffsetOutOfRange,
    /// <summary>Not taken: the pending fragment is at its sample or byte cap. Write a fragment, then append again.</summary>
    FragmentFull,
}
