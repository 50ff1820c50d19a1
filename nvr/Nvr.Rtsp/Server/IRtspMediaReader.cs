using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>One session's view of an <see cref="IRtspMediaSource"/>. Read by one consumer; disposed to detach.</summary>
public interface IRtspMediaReader : IDisposable
{
    /// <summary>
    /// The next unit or notice. Throws <see cref="OperationCanceledException"/> on cancellation and
    /// <see cref="ObjectDisposedException"/> once disposed.
    /// </summary>
    ValueTask<RtspMediaRead> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Delivered, dropped and resync counters (zeros where a source never drops).</summary>
    FeedReaderStatistics GetStatistics();

    /// <summary>Drops since the previous call, for the periodic drop log.</summary>
    FeedDropReport TakeDropsSinceLastReport();
}
