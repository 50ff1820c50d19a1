namespace Nvr.Testing;

/// <summary>Runs a command to completion with a deadline and collects its output.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (verbatim, no shell).
    /// At the deadline the process tree is killed and the result says <see cref="ProcessResult.TimedOut"/>;
    /// this method itself does not throw for failures of the command.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        TestProcessOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        // The whole output is the result (JSON, framecrc): keep every line.
        options = (options ?? new TestProcessOptions()) with { MaxKeptLines = int.MaxValue };
        await using var process = TestProcess.Start(fileName, arguments, options);
        bool timedOut = false;
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            exitCode = -1;
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        }

        return new ProcessResult(exitCode, process.StandardOutput, process.StandardError, timedOut);
    }

    /// <summary>Like <see cref="RunAsync"/> but throws <see cref="ExternalToolException"/> unless the command succeeded.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        TestProcessOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, timeout, options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new ExternalToolException(Path.GetFileName(fileName), result);
        return result;
    }
}
