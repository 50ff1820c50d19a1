namespace Nvr.Media.Mp4;

/// <summary>What <see cref="Mp4Reader"/> found in a file or a prefix of one.</summary>
public sealed class Mp4ReadResult
{
    internal Mp4ReadResult(Mp4ReadStatus status, Mp4InitSegment? init, IReadOnlyList<Mp4Fragment> fragments, long completeEnd, long errorOffset, string? error)
    {
        Status = status;
        Init = init;
        Fragments = fragments;
        CompleteEnd = completeEnd;
        ErrorOffset = errorOffset;
        Error = error;
    }

    public Mp4ReadStatus Status { get; }
    /// <summary>The init segment ('ftyp' + 'moov'), when one was read (or supplied).</summary>
    public Mp4InitSegment? Init { get; }
    /// <summary>Every complete fragment ('prft'? + 'moof' + 'mdat' with all sample data present), in file order.</summary>
    public IReadOnlyList<Mp4Fragment> Fragments { get; }
    /// <summary>
    /// Absolute offset just past the last complete unit: the last complete fragment, or the init
    /// segment (or another whole top-level box) after it. Truncating the file here removes a torn
    /// tail and leaves a valid file.
    /// </summary>
    public long CompleteEnd { get; }
    /// <summary>Where a <see cref="Mp4ReadStatus.Malformed"/>/<see cref="Mp4ReadStatus.LimitExceeded"/>/<see cref="Mp4ReadStatus.Truncated"/> box starts; -1 when complete.</summary>
    public long ErrorOffset { get; }
    /// <summary>A short description of the problem, or null.</summary>
    public string? Error { get; }
}
