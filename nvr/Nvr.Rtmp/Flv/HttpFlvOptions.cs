using Nvr.Streaming;

namespace Nvr.Rtmp.Flv;

/// <summary>Options of <see cref="HttpFlvSession"/>.</summary>
public sealed class HttpFlvOptions
{
    public static HttpFlvOptions Default { get; } = new();

    /// <summary>
    /// What the stream carries. Default: no G.711 — HTTP-FLV is for browser players (flv.js,
    /// mpegts.js), whose Media Source Extensions cannot decode it; a G.711 camera is served as
    /// video only. <see cref="FlvMuxer.IsBrowserPlayable"/> tells the UI which tracks it will get.
    /// </summary>
    public FlvMuxerOptions Muxer { get; init; } = new() { IncludeG711 = false };

    /// <summary>Deadline for one flush to the client; a slower client is dropped. Default 10 s.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Suggested reader budget for the caller's <see cref="Feed.OpenReader"/> (the live-viewer defaults).</summary>
    public FeedReaderOptions Reader { get; init; } = new() { Name = "http-flv" };

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Muxer);
        ArgumentNullException.ThrowIfNull(Reader);
        if (WriteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WriteTimeout), WriteTimeout, "must be positive");
        Reader.Validate();
    }
}
