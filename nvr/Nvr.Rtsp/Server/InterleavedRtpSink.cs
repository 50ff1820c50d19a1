using System.Buffers.Binary;

namespace Nvr.Rtsp.Server;

/// <summary>
/// RTP and RTCP interleaved on the RTSP connection (RFC 2326 §10.12):
/// <code>
/// +-----+---------+-----------------+------------------------+
/// | '$' | channel | length (16, BE) | RTP or RTCP packet      |
/// +-----+---------+-----------------+------------------------+
/// </code>
/// A batch holds the connection's write lock, so responses never land inside a frame; the flush
/// at its end is where a slow viewer pushes back (and where the write timeout watches). Begin and
/// flush ignore the streamer's stop token on purpose: stopping (PAUSE, TEARDOWN) waits for the
/// batch to finish, because cancelling a socket write half way would cut a frame and corrupt the
/// connection's framing. Only aborting the connection cancels them.
/// </summary>
internal sealed class InterleavedRtpSink : RtpSink
{
    private readonly RtspServerConnection _connection;
    private readonly byte[] _rtpChannels;
    private readonly byte[] _rtcpChannels;
    private bool _holding;

    public InterleavedRtpSink(RtspServerConnection connection, byte[] rtpChannels, byte[] rtcpChannels)
    {
        _connection = connection;
        _rtpChannels = rtpChannels;
        _rtcpChannels = rtcpChannels;
    }

    public override async ValueTask<bool> BeginAsync(CancellationToken cancellationToken)
    {
        _holding = await _connection.BeginWriteAsync().ConfigureAwait(false);
        return _holding;
    }

    public override void WriteRtp(int track, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        int length = header.Length + payload.Length;
        var output = _connection.Output;
        var span = output.GetSpan(4 + length);
        span[0] = (byte)'$';
        span[1] = _rtpChannels[track];
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        header.CopyTo(span[4..]);
        payload.CopyTo(span[(4 + header.Length)..]);
        output.Advance(4 + length);
        Count(4 + length);
    }

    public override void WriteRtcp(int track, ReadOnlySpan<byte> packet)
    {
        var output = _connection.Output;
        var span = output.GetSpan(4 + packet.Length);
        span[0] = (byte)'$';
        span[1] = _rtcpChannels[track];
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)packet.Length);
        packet.CopyTo(span[4..]);
        output.Advance(4 + packet.Length);
        Count(4 + packet.Length);
    }

    public override async ValueTask<bool> EndAsync(CancellationToken cancellationToken)
    {
        if (!_holding) return false;
        _holding = false;
        return await _connection.EndWriteAsync().ConfigureAwait(false);
    }
}
