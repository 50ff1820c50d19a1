using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>Adapts a <see cref="FeedReader"/> to <see cref="IRtspMediaReader"/>.</summary>
internal sealed class FeedMediaReader(FeedReader reader) : IRtspMediaReader
{
    public ValueTask<RtspMediaRead> ReadAsync(CancellationToken cancellationToken)
    {
        var pending = reader.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<RtspMediaRead>(Map(pending.Result)) : Slow(pending);

        static async ValueTask<RtspMediaRead> Slow(ValueTask<FeedReadResult> pending) => Map(await pending.ConfigureAwait(false));
    }

    public FeedReaderStatistics GetStatistics() => reader.GetStatistics();

    public FeedDropReport TakeDropsSinceLastReport() => reader.TakeDropsSinceLastReport();

    public void Dispose() => reader.Dispose();

    private static RtspMediaRead Map(FeedReadResult result) => result.Status switch
    {
        FeedReadStatus.Unit => RtspMediaRead.ForUnit(result.Unit!, result.Description!, result.Discontinuity),
        FeedReadStatus.Offline => RtspMediaRead.Offline,
        _ => RtspMediaRead.End,
    };
}
