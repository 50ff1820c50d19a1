namespace Nvr.Media.Mp4;

/// <summary>Limits and defaults of an <see cref="Mp4FragmentWriter"/>.</summary>
public sealed record Mp4FragmentWriterOptions
{
    /// <summary>Largest accepted sample. Default 16 MiB: twice the depacketizer's unit cap (<c>RtpDepacketizer.DefaultMaxUnitSize</c>).</summary>
    public int MaxSampleSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest 'mdat' payload of one fragment (keeps the 32-bit box size). Default 64 MiB: a 1 s fragment of a 4K camera at 50 Mbit/s is ~6 MiB.</summary>
    public int MaxFragmentBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Most samples in one fragment over all tracks. Default 10000: 1 s at 120 fps plus 8 kHz G.711 in 10 ms frames is ~220.</summary>
    public int MaxSamplesPerFragment { get; init; } = 10_000;

    /// <summary>
    /// Frame rate assumed for the duration of a run's last video sample when no earlier duration
    /// is known (a run of one frame). Default 25: the most common camera rate.
    /// </summary>
    public int DefaultVideoFrameRate { get; init; } = 25;

    /// <summary>Drop every unit before the first video keyframe of a run, so each file and fragment starts decodable. Default true.</summary>
    public bool StartOnKeyframe { get; init; } = true;

    /// <summary>Per-file zero-based times (default, see <see cref="Mp4Timeline.FileStartsAtZero"/>) or the stream's own.</summary>
    public Mp4Timeline Timeline { get; init; } = Mp4Timeline.FileStartsAtZero;

    internal void Validate()
    {
        if (MaxSampleSize <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSampleSize));
        if (MaxFragmentBytes < MaxSampleSize || MaxFragmentBytes > int.MaxValue - 64) throw new ArgumentOutOfRangeException(nameof(MaxFragmentBytes));
        if (MaxSamplesPerFragment <= 0 || MaxSamplesPerFragment > 1_000_000) throw new ArgumentOutOfRangeException(nameof(MaxSamplesPerFragment));
        if (DefaultVideoFrameRate <= 0) throw new ArgumentOutOfRangeException(nameof(DefaultVideoFrameRate));
        if (!Enum.IsDefined(Timeline)) throw new ArgumentOutOfRangeException(nameof(Timeline));
    }
}
