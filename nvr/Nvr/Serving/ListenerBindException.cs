namespace Nvr.Serving;

/// <summary>A listener could not bind; the message is one line naming the configuration key (e.g. <c>Rtmp:Port</c>).</summary>
public sealed class ListenerBindException(string message, Exception inner) : Exception(message, inner);
