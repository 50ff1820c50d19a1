using Nvr.Rtmp.Flv;
using Nvr.Streaming;

namespace Nvr.Rtmp.Server;

/// <summary>Limits and behaviour of <see cref="RtmpServerSession"/>. Validate once at start.</summary>
public sealed class RtmpServerOptions
{
    public static RtmpServerOptions Default { get; } = new();

    /// <summary>
    /// Chunk size this server sends with. Default 4096: what OBS, FFmpeg's server mode and
    /// nginx-rtmp use; 128 (RTMP's default) costs a header every 128 bytes of video.
    /// </summary>
    public int OutgoingChunkSize { get; init; } = 4096;

    /// <summary>
    /// Largest Set Chunk Size accepted from a peer; above it the connection is closed. Default
    /// 16 MiB − 1: a message cannot be longer (24-bit length), so larger values only come from
    /// broken or hostile peers. Chunk size costs no memory here (payload is consumed as it arrives).
    /// </summary>
    public int MaxIncomingChunkSize { get; init; } = 0xFFFFFF;

    /// <summary>
    /// Longest message accepted; a longer declared length closes the connection. Default 8 MiB:
    /// several times a 4K IDR frame at camera bitrates.
    /// </summary>
    public int MaxMessageSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most chunk streams a peer may open. Default 64 (encoders use 3–8).</summary>
    public int MaxChunkStreams { get; init; } = 64;

    /// <summary>Most bytes held in incomplete messages across chunk streams. Default 16 MiB (two maximal messages).</summary>
    public long MaxPendingBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Window Acknowledgement Size announced to the peer (and Set Peer Bandwidth). Default 2.5 MB, as FFmpeg and OBS use.</summary>
    public int WindowAcknowledgementSize { get; init; } = 2_500_000;

    /// <summary>Deadline for C0+C1 and C2. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest silence from a peer that is not playing (before play/publish, and while
    /// publishing); then the connection is closed. Default 30 s: encoders send media many times
    /// a second; players may legitimately stay silent and are watched by <see cref="WriteTimeout"/>.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline for one flush to the peer; a slow or dead player is closed after it. Default 10 s.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Budget of a play session's feed reader (resync at keyframes is the reader's). Default: the live-viewer defaults.</summary>
    public FeedReaderOptions PlayReader { get; init; } = new() { Name = "rtmp" };

    /// <summary>What play sessions carry. Default: audio including G.711 (RTMP players are FFmpeg/GStreamer/VLC, which decode it).</summary>
    public FlvMuxerOptions Muxer { get; init; } = FlvMuxerOptions.Default;

    /// <summary>Most message streams (createStream) per connection. Default 8.</summary>
    public int MaxStreams { get; init; } = 8;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for options that cannot work.</summary>
    public void Validate()
    {
        if (OutgoingChunkSize is < 128 or > 0xFFFFFF) throw new ArgumentOutOfRangeException(nameof(OutgoingChunkSize), OutgoingChunkSize, "must be 128..16777215");
        if (MaxIncomingChunkSize is < 128 or > 0x7FFFFFFF) throw new ArgumentOutOfRangeException(nameof(MaxIncomingChunkSize), MaxIncomingChunkSize, "must be at least 128");
        if (MaxMessageSize is < 1024 or > 0xFFFFFF) throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "must be 1 KiB..16 MiB");
        if (MaxChunkStreams < 4) throw new ArgumentOutOfRangeException(nameof(MaxChunkStreams), MaxChunkStreams, "must be at least 4");
        if (MaxPendingBytes < MaxMessageSize) throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "must be at least MaxMessageSize");
        if (WindowAcknowledgementSize < 4096) throw new ArgumentOutOfRangeException(nameof(WindowAcknowledgementSize), WindowAcknowledgementSize, "must be at least 4096");
        if (HandshakeTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "must be positive");
        if (IdleTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "must be positive");
        if (WriteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WriteTimeout), WriteTimeout, "must be positive");
        if (MaxStreams < 1) throw new ArgumentOutOfRangeException(nameof(MaxStreams), MaxStreams, "must be at least 1");
        ArgumentNullException.ThrowIfNull(PlayReader);
        ArgumentNullException.ThrowIfNull(Muxer);
        PlayReader.Validate();
    }
}
