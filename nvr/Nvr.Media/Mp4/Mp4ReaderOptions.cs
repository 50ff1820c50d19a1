namespace Nvr.Media.Mp4;

/// <summary>Bounds of <see cref="Mp4Reader"/>: every count and size it trusts from a file is capped here.</summary>
public sealed record Mp4ReaderOptions
{
    /// <summary>Largest 'moov'. Default 1 MiB: ours are below 2 KiB; parameter sets are at most a few hundred bytes.</summary>
    public int MaxInitSize { get; init; } = 1024 * 1024;

    /// <summary>Largest 'moof'. Default 4 MiB: ~16 bytes a sample leaves room for 250 000 samples.</summary>
    public int MaxMoofSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most tracks in a 'moov'. Default 16 (<see cref="Mp4InitSegmentWriter.MaxTracks"/>).</summary>
    public int MaxTracks { get; init; } = Mp4InitSegmentWriter.MaxTracks;

    /// <summary>Most fragments in one read. Default 100 000: a day of 1 s fragments is 86 400.</summary>
    public int MaxFragments { get; init; } = 100_000;

    /// <summary>Most samples in one fragment over all tracks. Default 100 000.</summary>
    public int MaxSamplesPerFragment { get; init; } = 100_000;

    /// <summary>Most samples in one read over all fragments. Default 5 000 000: an hour of 1080p30 with AAC is ~280 000.</summary>
    public int MaxTotalSamples { get; init; } = 5_000_000;

    /// <summary>Most child boxes in one container. Default 1024.</summary>
    public int MaxChildBoxes { get; init; } = 1024;

    /// <summary>Most top-level boxes in one read. Default 1 000 000.</summary>
    public int MaxTopLevelBoxes { get; init; } = 1_000_000;

    /// <summary>Largest sample copied out by <see cref="Mp4Reader.TryReadUnits"/>. Default 64 MiB.</summary>
    public int MaxSampleSize { get; init; } = 64 * 1024 * 1024;

    internal static Mp4ReaderOptions Default { get; } = new();
}
