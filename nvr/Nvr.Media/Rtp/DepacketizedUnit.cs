namespace Nvr.Media.Rtp;

/// <summary>
/// One complete access unit produced by an <see cref="RtpDepacketizer"/>.
/// </summary>
/// <param name="Timestamp">RTP timestamp of the unit, extended to 64 bits by the caller's unwrapper.</param>
/// <param name="IsKeyframe">Video: the unit holds an IDR (H.264) or IRAP (H.265) picture. Audio: true.</param>
/// <param name="Payload">Video: 4-byte length-prefixed NAL units. Audio: one raw frame.</param>
public readonly record struct DepacketizedUnit(long Timestamp, bool IsKeyframe, byte[] Payload);
