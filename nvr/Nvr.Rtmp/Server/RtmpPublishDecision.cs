namespace Nvr.Rtmp.Server;

/// <summary>Answer of <see cref="IRtmpStreamResolver.ResolvePublishAsync"/>: a sink, or a rejection.</summary>
public sealed class RtmpPublishDecision
{
    private RtmpPublishDecision(IRtmpPublishSink? sink, RtmpPublishRejection rejection)
    {
        Sink = sink;
        Rejection = rejection;
    }

    public IRtmpPublishSink? Sink { get; }

    public RtmpPublishRejection Rejection { get; }

    public static RtmpPublishDecision Accept(IRtmpPublishSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return new(sink, RtmpPublishRejection.None);
    }

    public static RtmpPublishDecision Reject(RtmpPublishRejection reason)
    {
        if (reason == RtmpPublishRejection.None) throw new ArgumentOutOfRangeException(nameof(reason), reason, "a rejection needs a reason");
        return new(null, reason);
    }
}
