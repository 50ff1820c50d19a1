namespace Nvr.Media.Rtp;

/// <summary>
/// A parsed BYE packet (RFC 3550 §6.6): the sources leaving and an optional UTF-8 reason.
/// </summary>
/// <remarks>
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           SSRC/CSRC  (SC times)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     length    |               reason for leaving ...          |  optional
/// </code>
/// </remarks>
public sealed record RtcpGoodbye(IReadOnlyList<uint> Ssrcs, string? Reason);
