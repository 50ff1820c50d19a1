namespace Nvr.Rtsp.Server;

/// <summary>Server session states (RFC 2326 Appendix A.2): a session exists from its first SETUP.</summary>
public enum RtspSessionState
{
    /// <summary>Set up, not sending (after SETUP or PAUSE).</summary>
    Ready,
    /// <summary>Sending media (after PLAY).</summary>
    Playing,
    /// <summary>Ended; see <see cref="RtspSessionCloseReason"/>.</summary>
    Closed,
}
