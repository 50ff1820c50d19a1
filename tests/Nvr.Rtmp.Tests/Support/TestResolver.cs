using System.Collections.Concurrent;
using Nvr.Rtmp.Server;
using Nvr.Streaming;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>Play: "app/name" → feed. Publish: "app/name" → (key, sink). Records every request.</summary>
internal sealed class TestResolver : IRtmpStreamResolver
{
    public ConcurrentDictionary<string, Feed> Feeds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, (string Key, RecordingSink Sink)> Publishers { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<RtmpStreamRequest> Requests { get; } = new();

    public ValueTask<Feed?> ResolvePlayAsync(RtmpStreamRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return ValueTask.FromResult(Feeds.TryGetValue(request.App + "/" + request.Name, out var feed) ? feed : null);
    }

    public ValueTask<RtmpPublishDecision> ResolvePublishAsync(RtmpStreamRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (!Publishers.TryGetValue(request.App + "/" + request.Name, out var publisher))
        {
            return ValueTask.FromResult(RtmpPublishDecision.Reject(RtmpPublishRejection.UnknownStream));
        }
        return ValueTask.FromResult(request.Key == publisher.Key
            ? RtmpPublishDecision.Accept(publisher.Sink)
            : RtmpPublishDecision.Reject(RtmpPublishRejection.BadKey));
    }
}
