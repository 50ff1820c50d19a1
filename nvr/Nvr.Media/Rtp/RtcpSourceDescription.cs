namespace Nvr.Media.Rtp;

/// <summary>
/// One chunk of an SDES packet (RFC 3550 §6.5): a source and its CNAME (§6.5.1), if present.
/// Other items (NAME, EMAIL, TOOL, ...) are skipped; <see cref="CName"/> is decoded as UTF-8.
/// </summary>
/// <remarks>
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_1                          |  chunk 1
/// |    type (1)   |   length (n)  |  n bytes of text ...          |  items; type 0 ends the
/// |  ... | 0 | padding to the next 32-bit boundary                 |  list, then pad to 4
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_2  ...                     |  chunk 2
/// </code>
/// </remarks>
public sealed record RtcpSourceDescription(uint Ssrc, string? CName);
