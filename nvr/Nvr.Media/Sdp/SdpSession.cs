namespace Nvr.Media.Sdp;

/// <summary>
/// A parsed session description (RFC 8866 §5): the session-level fields an RTSP client needs and
/// the media descriptions. Parse with <see cref="SdpParser"/>.
/// </summary>
public sealed class SdpSession
{
    internal readonly List<SdpAttribute> AttributeList = [];
    internal readonly List<SdpMedia> MediaList = [];

    internal SdpSession() { }

    /// <summary><c>v=</c>; always 0.</summary>
    public int Version { get; internal set; }
    /// <summary>The raw <c>o=</c> value, or null.</summary>
    public string? Origin { get; internal set; }
    /// <summary>The &lt;unicast-address&gt; of <c>o=</c> (its last field), or null.</summary>
    public string? OriginAddress { get; internal set; }
    /// <summary><c>s=</c>, or null when missing.</summary>
    public string? SessionName { get; internal set; }
    /// <summary><c>i=</c>, or null.</summary>
    public string? Information { get; internal set; }
    /// <summary>Session-level <c>c=</c>, or null.</summary>
    public SdpConnection? Connection { get; internal set; }
    /// <summary>Session-level <c>a=control</c> (trimmed), or null.</summary>
    public string? Control { get; internal set; }
    /// <summary>Session-level <c>a=range</c> value (e.g. <c>npt=0-</c>), or null.</summary>
    public string? Range { get; internal set; }
    /// <summary>Session-level direction attribute.</summary>
    public SdpDirection Direction { get; internal set; }
    /// <summary>Session-level <c>a=tool</c>, or null.</summary>
    public string? Tool { get; internal set; }
    /// <summary>Lines that were skipped because they were not <c>x=value</c> or misplaced.</summary>
    public int IgnoredLines { get; internal set; }
    public IReadOnlyList<SdpAttribute> Attributes => AttributeList;
    public IReadOnlyList<SdpMedia> Media => MediaList;

    /// <summary>The connection data that applies to <paramref name="media"/>: media-level, else session-level.</summary>
    public SdpConnection? ConnectionFor(SdpMedia media) => media.Connection ?? Connection;

    /// <summary>The value of the first session-level attribute named <paramref name="name"/>, or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in AttributeList)
        {
            if (a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return a.Value ?? "";
        }
        return null;
    }
}
