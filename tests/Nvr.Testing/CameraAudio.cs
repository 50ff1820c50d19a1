namespace Nvr.Testing;

/// <summary>Audio track of a <see cref="FakeCamera"/> or a <see cref="ClipFactory"/> clip.</summary>
public enum CameraAudio
{
    /// <summary>No audio track.</summary>
    None,

    /// <summary>AAC-LC, 48 kHz mono, RTP mpeg4-generic (RFC 3640).</summary>
    Aac,

    /// <summary>G.711 A-law, 8 kHz mono, RTP PCMA (payload type 8).</summary>
    Pcma,

    /// <summary>G.711 µ-law, 8 kHz mono, RTP PCMU (payload type 0).</summary>
    Pcmu,
}
