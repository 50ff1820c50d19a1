using Nvr.Mqtt;
using Nvr.Streaming.Events;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Mqtt.Tests.Support;

/// <summary>An <see cref="MqttService"/> running in the background of a test, with its fakes.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private ServiceHost(MqttService service, EventBus bus, Task run)
    {
        Service = service;
        Bus = bus;
        Run = run;
    }

    public MqttService Service { get; }
    public EventBus Bus { get; }
    public Task Run { get; private set; }

    public static ServiceHost Start(
        MqttOptions options,
        IMqttStateSource state,
        ITestOutputHelper? output,
        IMqttCommandHandler? commands = null,
        IMqttStatsSource? stats = null,
        IMqttAnnouncementStore? store = null,
        IMqttUserValidator? users = null,
        IMqttPlaybackLinks? links = null,
        EventBus? bus = null)
    {
        bus ??= new EventBus();
        var service = new MqttService(options, bus, state, new MqttDevice("NVR", "0.1.0", "http://nvr.local:8080/"), TimeProvider.System,
            new TestLoggerFactory(output), commands, stats, store, users, links);
        var host = new ServiceHost(service, bus, Task.CompletedTask);
        host.Run = service.RunAsync(host._stop.Token);
        return host;
    }

    public Task WaitConnectedAsync(TimeSpan? timeout = null) =>
        WaitFor.ConditionAsync(() => Service.Status.Connected, timeout ?? TimeSpan.FromSeconds(15), "the MQTT service to connect (" + Service.Status + ")");

    /// <summary>Cancels and waits for <see cref="MqttService.RunAsync"/> to return.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // RunAsync reports cancellation like any hosted service.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
