using System.Threading.Channels;
using Nvr.Onvif.Events;

namespace Nvr.Onvif.Tests;

/// <summary>Collects subscriber callbacks into a channel and reads them with deadlines.</summary>
internal sealed class EventChannel
{
    private readonly Channel<OnvifEvent> _channel = Channel.CreateUnbounded<OnvifEvent>();

    public Func<OnvifEvent, CancellationToken, ValueTask> Callback => (e, _) =>
    {
        _channel.Writer.TryWrite(e);
        return ValueTask.CompletedTask;
    };

    /// <summary>The next event matching <paramref name="filter"/> (others are skipped), or a TimeoutException naming what was expected.</summary>
    public async Task<OnvifEvent> NextAsync(TimeSpan timeout, Func<OnvifEvent, bool> filter, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _channel.Reader.ReadAsync(cts.Token);
                if (filter(e)) return e;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {timeout.TotalSeconds} s");
        }
    }
}
