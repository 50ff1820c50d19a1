using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// One run of the published nvr binary with its output captured. Always killed on dispose, so a
/// failing test never leaves a server behind.
/// </summary>
public sealed partial class NvrProcess : IAsyncDisposable
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NvrProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static NvrProcess Start(string rid, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var (file, prefix) = NvrBinary.Command(rid);
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        // A clean environment for the child: nothing inherited may change its behaviour.
        foreach (var k in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "JOURNAL_STREAM", "NVR_CONFIG" }) psi.Environment.Remove(k);
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("NVR__", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(k);
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var np = new NvrProcess(p);
        p.OutputDataReceived += (_, e) => np.Append(e.Data);
        p.ErrorDataReceived += (_, e) => np.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return np;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for exit; returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
