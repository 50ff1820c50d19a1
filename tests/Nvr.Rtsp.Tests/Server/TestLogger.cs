using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>Writes the server's log lines to the test output (shown for failing tests).</summary>
internal sealed class TestLogger(ITestOutputHelper? output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => output is not null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output?.WriteLine($"{logLevel} {eventId.Id}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }
}
