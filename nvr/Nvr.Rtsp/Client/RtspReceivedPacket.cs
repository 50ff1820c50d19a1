namespace Nvr.Rtsp.Client;

/// <summary>
/// One RTP or RTCP packet received on a track. <see cref="Data"/> is borrowed: it is valid only until the
/// handler returns (copy what must outlive the call).
/// </summary>
/// <param name="TrackIndex">Index into <see cref="RtspClient.Tracks"/>.</param>
/// <param name="IsRtcp">True for the RTCP channel/port of the track.</param>
/// <param name="Data">The whole RTP or RTCP packet (compound RTCP as received).</param>
/// <param name="ReceivedTimestamp">Monotonic <see cref="TimeProvider.GetTimestamp"/> of the client's TimeProvider at receipt.</param>
public readonly record struct RtspReceivedPacket(int TrackIndex, bool IsRtcp, ReadOnlyMemory<byte> Data, long ReceivedTimestamp);
