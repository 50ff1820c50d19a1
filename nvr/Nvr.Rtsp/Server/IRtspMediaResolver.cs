namespace Nvr.Rtsp.Server;

/// <summary>
/// Maps a request path to the media it names. Implemented by the executable: today a live
/// <see cref="Nvr.Streaming.Feed"/> (<c>&lt;camera&gt;</c>, <c>&lt;camera&gt;/sub</c>; see
/// <see cref="FeedRegistryMediaResolver"/>), later recordings. Called for DESCRIBE and SETUP.
/// </summary>
public interface IRtspMediaResolver
{
    /// <summary>The media at <paramref name="request"/>'s path, or null for "404 Not Found".</summary>
    ValueTask<IRtspMediaSource?> ResolveAsync(RtspMediaRequest request, CancellationToken cancellationToken);
}
