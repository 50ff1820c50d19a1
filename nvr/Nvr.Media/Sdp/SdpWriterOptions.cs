namespace Nvr.Media.Sdp;

/// <summary>Session-level fields for <see cref="SdpWriter"/>.</summary>
public sealed record SdpWriterOptions
{
    /// <summary><c>s=</c>; RFC 8866 §5.3 asks for a single space when there is no name.</summary>
    public string SessionName { get; init; } = "Nvr";
    /// <summary>&lt;unicast-address&gt; of <c>o=</c> (the server's address as the client reached it).</summary>
    public string OriginAddress { get; init; } = "127.0.0.1";
    /// <summary>&lt;sess-id&gt; of <c>o=</c>.</summary>
    public ulong SessionId { get; init; }
    /// <summary>&lt;sess-version&gt; of <c>o=</c>; bump when the tracks change.</summary>
    public ulong SessionVersion { get; init; }
    /// <summary>Session-level <c>a=range</c> (<c>npt=0-</c> for live, <c>npt=0-12.5</c> for playback); null omits it.</summary>
    public string? Range { get; init; } = "npt=0-";
    /// <summary><c>a=tool</c>; null omits it.</summary>
    public string? Tool { get; init; } = "Nvr";
}
