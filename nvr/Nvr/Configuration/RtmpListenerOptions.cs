namespace Nvr.Configuration;

/// <summary>The <c>Rtmp</c> section: the listener plus who may play and how many may connect.</summary>
public sealed class RtmpListenerOptions : ListenerOptions
{
    /// <summary>
    /// Let players connect without credentials. Default false: every protocol authenticates.
    /// RTMP has no standard authentication, so players put a configured user in the query, as
    /// MediaMTX does: <c>rtmp://host:1935/live/&lt;camera&gt;?user=NAME&amp;pass=PASSWORD</c>.
    /// Publishers are checked by their camera's <c>StreamKey</c> instead.
    /// </summary>
    public bool AllowAnonymousPlay { get; set; }

    /// <summary>Most simultaneous RTMP connections (players and publishers); more are closed at once. Default 500.</summary>
    public int MaxConnections { get; set; } = 500;
}
