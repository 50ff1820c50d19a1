namespace Nvr.Testing;

/// <summary>How <see cref="Ffprobe"/> reads its input.</summary>
public sealed record ProbeOptions
{
    /// <summary>RTSP transport (ignored for other inputs).</summary>
    public ClientTransport Transport { get; init; } = ClientTransport.Tcp;

    /// <summary>Decode and count frames per stream (<c>-count_frames</c>); bound live inputs with <see cref="ReadDuration"/>.</summary>
    public bool CountFrames { get; init; }

    /// <summary>Count packets per stream (<c>-count_packets</c>); bound live inputs with <see cref="ReadDuration"/>.</summary>
    public bool CountPackets { get; init; }

    /// <summary>List every frame (<c>-show_frames</c>); bound live inputs with <see cref="ReadDuration"/>.</summary>
    public bool ShowFrames { get; init; }

    /// <summary>List every packet (<c>-show_packets</c>); bound live inputs with <see cref="ReadDuration"/>.</summary>
    public bool ShowPackets { get; init; }

    /// <summary>Read only this much from the start (<c>-read_intervals %+seconds</c>).</summary>
    public TimeSpan? ReadDuration { get; init; }

    /// <summary>Deadline of the whole ffprobe run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Socket I/O timeout (RTSP <c>-timeout</c>, others <c>-rw_timeout</c>).</summary>
    public TimeSpan IoTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>More arguments, placed before the input.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
