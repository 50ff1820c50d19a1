namespace Nvr.Rtsp.Server;

/// <summary>
/// Where a <see cref="RtpStreamer"/>'s packets go: the RTSP connection (interleaved), UDP unicast
/// or a multicast group. A write batch is <see cref="BeginAsync"/>, any number of synchronous
/// writes, then <see cref="EndAsync"/> (always called, also after a failed begin or a throw).
/// </summary>
internal abstract class RtpSink
{
    private long _bytes;

    /// <summary>Bytes handed to the transport (framing included).</summary>
    public long BytesWritten => Volatile.Read(ref _bytes);

    /// <summary>Starts a batch; false when the transport is gone.</summary>
    public abstract ValueTask<bool> BeginAsync(CancellationToken cancellationToken);

    /// <summary>One RTP packet of track <paramref name="track"/>: a 12-byte header and a payload.</summary>
    public abstract void WriteRtp(int track, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload);

    /// <summary>One RTCP (compound) packet about track <paramref name="track"/>.</summary>
    public abstract void WriteRtcp(int track, ReadOnlySpan<byte> packet);

    /// <summary>Ends a batch (flushes); false when the transport is gone.</summary>
    public abstract ValueTask<bool> EndAsync(CancellationToken cancellationToken);

    protected void Count(int bytes) => Interlocked.Add(ref _bytes, bytes);
}
