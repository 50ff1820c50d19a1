namespace Nvr.Rtsp.Client;

/// <summary>
/// Receives every RTP/RTCP packet of a <see cref="RtspClient"/>. Called synchronously from the
/// receive loops, never concurrently with itself; must not block.
/// </summary>
public delegate void RtspPacketHandler(in RtspReceivedPacket packet);
