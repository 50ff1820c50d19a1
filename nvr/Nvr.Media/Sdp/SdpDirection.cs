namespace Nvr.Media.Sdp;

/// <summary>
/// Media direction attributes (RFC 8866 §6.7). <see cref="Unspecified"/> when the description has
/// none; RFC 8866 then means <see cref="SendRecv"/>, but an RTSP camera's SDP describes what the
/// camera sends, whatever it writes here (see <see cref="SdpMedia.Direction"/>).
/// </summary>
public enum SdpDirection
{
    Unspecified = 0,
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
