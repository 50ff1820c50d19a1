using System.Text;

namespace Nvr.Testing;

/// <summary>The outcome of a process run to completion (or to its deadline) by <see cref="ProcessRunner"/>.</summary>
/// <param name="ExitCode">The exit code; -1 when the process was killed at its deadline.</param>
/// <param name="StandardOutput">Everything written to stdout, lines joined with '\n'.</param>
/// <param name="StandardError">Everything written to stderr, lines joined with '\n'.</param>
/// <param name="TimedOut">The deadline passed and the process was killed.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>Exited by itself with code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>A description for assertion messages: exit code, timeout, and both outputs.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(TimedOut ? "timed out (killed)" : $"exit code {ExitCode}");
        if (StandardOutput.Length > 0) sb.Append("\n--- stdout ---\n").Append(Truncate(StandardOutput));
        if (StandardError.Length > 0) sb.Append("\n--- stderr ---\n").Append(Truncate(StandardError));
        return sb.ToString();
    }

    private static string Truncate(string s) => s.Length <= 8000 ? s : "…" + s[^8000..];
}
