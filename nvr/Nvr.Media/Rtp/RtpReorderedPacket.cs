namespace Nvr.Media.Rtp;

/// <summary>
/// A packet released by <see cref="RtpReorderBuffer"/> in sequence order.
/// </summary>
/// <param name="Packet">The packet; its payload still aliases the buffer it was parsed from.</param>
/// <param name="LossBefore">
/// Packets are missing between the previously released packet and this one (lost, or the
/// numbering restarted); pass it to <see cref="RtpDepacketizer.Push"/>.
/// </param>
public readonly record struct RtpReorderedPacket(RtpPacket Packet, bool LossBefore);
