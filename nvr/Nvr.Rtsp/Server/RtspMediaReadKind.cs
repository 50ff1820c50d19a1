namespace Nvr.Rtsp.Server;

/// <summary>Kind of an <see cref="RtspMediaRead"/>.</summary>
public enum RtspMediaReadKind
{
    /// <summary>The default value; never returned by a read.</summary>
    None,
    /// <summary><see cref="RtspMediaRead.Unit"/> holds the next access unit.</summary>
    Unit,
    /// <summary>The media paused (camera offline); units may follow later, starting at a keyframe.</summary>
    Offline,
    /// <summary>No more media will come (feed removed, end of a recording): the session ends.</summary>
    End,
}
