namespace Nvr.Media.Rtp;

/// <summary>How <see cref="RtpSequenceUnwrapper"/> classified one sequence number (RFC 3550 A.1).</summary>
public enum RtpSequenceStatus
{
    /// <summary>First packet seen (or first after <see cref="RtpSequenceUnwrapper.Reset"/>).</summary>
    First,
    /// <summary>A new highest sequence number, at most <see cref="RtpSequenceUnwrapper.MaxDropout"/> ahead (gaps allowed).</summary>
    InOrder,
    /// <summary>Not newer than the highest seen, within <see cref="RtpSequenceUnwrapper.MaxMisorder"/>: a duplicate or a late packet.</summary>
    Old,
    /// <summary>
    /// A large jump that was confirmed by the packet right after it (the source restarted its
    /// numbering). The extended number continues above every number returned before.
    /// </summary>
    Restarted,
    /// <summary>A large jump not (yet) confirmed; the packet should be dropped.</summary>
    Invalid,
}
