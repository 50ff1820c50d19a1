namespace Nvr.Testing;

/// <summary>How <see cref="TestProcess.Start"/> launches a process.</summary>
public sealed record TestProcessOptions
{
    /// <summary>A short name for messages; defaults to the executable's file name.</summary>
    public string? Name { get; init; }

    /// <summary>Working directory; the current one when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes the variable) on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Open a pipe to the process's stdin (<see cref="TestProcess.StandardInput"/>).</summary>
    public bool RedirectStandardInput { get; init; }

    /// <summary>
    /// Lines kept in memory; older ones are dropped (line indexes stay absolute). The default
    /// bounds chatty long-running processes; <see cref="ProcessRunner"/> keeps everything.
    /// </summary>
    public int MaxKeptLines { get; init; } = 50_000;

    /// <summary>
    /// Called with every line as it arrives, e.g. to forward to xunit's <c>ITestOutputHelper</c>.
    /// Exceptions it throws are ignored (the helper throws once its test has finished).
    /// </summary>
    public Action<OutputLine>? Log { get; init; }
}
