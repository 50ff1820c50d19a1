namespace Nvr.Rtmp.Server;

/// <summary>What an RTMP session is doing.</summary>
public enum RtmpSessionMode
{
    /// <summary>Handshake or commands; neither playing nor publishing.</summary>
    None,
    Play,
    Publish,
}
