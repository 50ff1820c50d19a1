namespace Nvr.Media.Rtp;

/// <summary>What <see cref="RtpReorderBuffer.Push"/> did with a packet.</summary>
public enum RtpReorderResult
{
    /// <summary>Taken into the window (and possibly released at once).</summary>
    Accepted,
    /// <summary>Same sequence number as a packet buffered or recently released; dropped.</summary>
    Duplicate,
    /// <summary>Arrived after its place was given up as lost; dropped.</summary>
    Late,
    /// <summary>A jump far outside the window; held until the next packet confirms a restart, else dropped.</summary>
    Held,
    /// <summary>The numbering (or SSRC) restarted: the old window was flushed and a new one begun.</summary>
    Restarted,
}
