using System.Net;

namespace Nvr.Rtsp.Server;

/// <summary>What a client asked for, as handed to <see cref="IRtspMediaResolver.ResolveAsync"/>.</summary>
/// <param name="Path">
/// Percent-decoded path without leading or trailing '/', e.g. "front" or "front/sub". Already
/// checked: no empty, "." or ".." segments, no control characters or backslashes.
/// </param>
/// <param name="Query">The raw query after '?', or null.</param>
/// <param name="UserName">The authenticated user, or null for anonymous access.</param>
/// <param name="RemoteEndPoint">The client's address, when known.</param>
public sealed record RtspMediaRequest(string Path, string? Query, string? UserName, IPEndPoint? RemoteEndPoint);
