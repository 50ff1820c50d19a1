namespace Nvr.Media;

/// <summary>Codecs Nvr understands end to end.</summary>
public enum MediaCodec
{
    Unknown = 0,
    /// <summary>H.264 / AVC (ITU-T H.264). Payloads are AVCC: 4-byte big-endian length + NAL unit.</summary>
    H264,
    /// <summary>H.265 / HEVC (ITU-T H.265). Payloads are 4-byte length-prefixed NAL units.</summary>
    H265,
    /// <summary>MPEG-4 AAC (ISO/IEC 14496-3). Payloads are raw access units (no ADTS header).</summary>
    Aac,
    /// <summary>G.711 A-law (ITU-T G.711), RTP static payload type 8.</summary>
    Pcma,
    /// <summary>G.711 µ-law (ITU-T G.711), RTP static payload type 0.</summary>
    Pcmu,
    /// <summary>Motion JPEG (RFC 2435). Payloads are complete JPEG images.</summary>
    Mjpeg,
}
