namespace Nvr.Rtmp.Server;

/// <summary>Why a publish request was refused; each maps to an onStatus error code.</summary>
public enum RtmpPublishRejection
{
    /// <summary>Not refused.</summary>
    None,
    /// <summary>No publish source is configured under this name: <c>NetStream.Publish.BadName</c>.</summary>
    UnknownStream,
    /// <summary>Missing or wrong stream key: <c>NetStream.Publish.Unauthorized</c> (what Twitch and MediaMTX send; OBS stops retrying on it).</summary>
    BadKey,
    /// <summary>Someone is already publishing this name: <c>NetStream.Publish.BadName</c> (Adobe's meaning of the code).</summary>
    AlreadyPublishing,
}
