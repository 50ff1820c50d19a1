namespace Nvr.Rtmp.Handshake;

/// <summary>Outcome of <see cref="RtmpServerHandshake.ProcessC0C1"/>.</summary>
public enum RtmpHandshakeResult
{
    /// <summary>Plain handshake (§5.2): S2 echoes C1.</summary>
    Simple,
    /// <summary>C1 carried a valid Flash Player digest: S1 and S2 carry Flash Media Server digests.</summary>
    Complex,
    /// <summary>C0 asks for a version other than 3 (e.g. 6/8, RTMPE); the connection must be closed.</summary>
    UnsupportedVersion,
    /// <summary>Fewer than <see cref="RtmpServerHandshake.C0C1Size"/> bytes were given.</summary>
    Incomplete,
}
