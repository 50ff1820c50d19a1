namespace Nvr.Testing;

/// <summary>Packets ffmpeg copied from one stream (see <see cref="Ffmpeg.CountFramesAsync"/>).</summary>
public sealed record StreamFrames
{
    /// <summary>Output stream index.</summary>
    public int Index { get; init; }

    /// <summary>video or audio.</summary>
    public string MediaType { get; init; } = "";

    /// <summary>ffmpeg codec id, e.g. h264, hevc, aac, pcm_alaw.</summary>
    public string CodecId { get; init; } = "";

    /// <summary>Number of packets (one per frame for the codecs Nvr handles).</summary>
    public int Frames { get; init; }

    /// <summary>Time base numerator.</summary>
    public long TimeBaseNumerator { get; init; } = 1;

    /// <summary>Time base denominator.</summary>
    public long TimeBaseDenominator { get; init; } = 1;

    /// <summary>DTS of the first packet, in the time base.</summary>
    public long FirstDts { get; init; }

    /// <summary>DTS of the last packet, in the time base.</summary>
    public long LastDts { get; init; }

    /// <summary>Duration of the last packet, in the time base.</summary>
    public long LastDuration { get; init; }

    /// <summary>Count of packets whose DTS was not greater than the previous one.</summary>
    public int NonIncreasingDts { get; init; }

    /// <summary>Media time covered: last DTS + its duration − first DTS, in seconds.</summary>
    public double DurationSeconds => Frames == 0 ? 0 : (double)(LastDts + LastDuration - FirstDts) * TimeBaseNumerator / TimeBaseDenominator;
}
