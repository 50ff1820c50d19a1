using System.Threading.Channels;
using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests.Support;

/// <summary>Collects commands; tests wait for them with a deadline.</summary>
internal sealed class RecordingCommandHandler : IMqttCommandHandler
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    public Task SetRecordingAsync(string camera, bool enabled, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite($"{camera} recording {(enabled ? "ON" : "OFF")}");
        return Task.CompletedTask;
    }

    public Task PtzAsync(string camera, string command, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite($"{camera} ptz {command}");
        return Task.CompletedTask;
    }

    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no command within {timeout.TotalSeconds} s");
        }
    }

    public bool TryNext(out string command) => _received.Reader.TryRead(out command!);
}
