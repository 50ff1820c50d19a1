using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Nvr.Testing;

/// <summary>
/// A child process driven by a test: stdout and stderr are captured line by line into a
/// thread-safe buffer that tests wait on (<see cref="WaitForLineAsync"/>) and quote in assertion
/// messages (<see cref="Tail"/>). Every wait has a deadline; nothing sleeps. The process and
/// all its descendants are killed on dispose, whatever state the test left it in.
/// </summary>
public sealed class TestProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Action<OutputLine>? _log;
    private readonly int _maxKeptLines;
    private readonly Lock _gate = new();
    private readonly Queue<OutputLine> _lines = new();
    private readonly List<Waiter> _waiters = [];
    private Task _exited = Task.CompletedTask;
    private long _nextIndex;
    private bool _hasExited;
    private int _disposed;

    private TestProcess(Process process, string name, Action<OutputLine>? log, int maxKeptLines)
    {
        _process = process;
        Name = name;
        _log = log;
        _maxKeptLines = Math.Max(1, maxKeptLines);
    }

    /// <summary>The name used in messages.</summary>
    public string Name { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id { get; private set; }

    /// <summary>The process has exited and all its output has been read.</summary>
    public bool HasExited
    {
        get { lock (_gate) return _hasExited; }
    }

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Number of lines received so far; pass it as <c>fromIndex</c> to wait only for newer lines.</summary>
    public long LineCount
    {
        get { lock (_gate) return _nextIndex; }
    }

    /// <summary>The process's stdin, when <see cref="TestProcessOptions.RedirectStandardInput"/> was set.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (passed verbatim, no shell).</summary>
    public static TestProcess Start(string fileName, IEnumerable<string> arguments, TestProcessOptions? options = null)
    {
        options ??= new TestProcessOptions();
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = options.RedirectStandardInput,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var (key, value) in options.Environment)
        {
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var result = new TestProcess(process, options.Name ?? Path.GetFileName(fileName), options.Log, options.MaxKeptLines);
        process.OutputDataReceived += (_, e) => result.OnData(OutputSource.StdOut, e.Data);
        process.ErrorDataReceived += (_, e) => result.OnData(OutputSource.StdErr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start {fileName}: {e.Message}", e);
        }

        result.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        result._exited = result.WatchExitAsync();
        return result;
    }

    /// <summary>
    /// Waits for a line (from <paramref name="fromIndex"/> on, already received or not) that
    /// matches <paramref name="predicate"/> and returns its text. Throws <see cref="TimeoutException"/>
    /// at the deadline and <see cref="InvalidOperationException"/> as soon as the process exits
    /// without writing one; both messages carry the process's recent output.
    /// </summary>
    public async Task<string> WaitForLineAsync(
        Func<string, bool> predicate,
        TimeSpan timeout,
        string? description = null,
        long fromIndex = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        description ??= "the predicate";
        var waiter = new Waiter(predicate, fromIndex, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously), description);
        bool exited;
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                if (line.Index >= fromIndex && predicate(line.Text)) return line.Text;
            }

            exited = _hasExited;
            if (!exited) _waiters.Add(waiter);
        }

        // Built outside the lock: the message reads the output again.
        if (exited) throw ExitedBeforeMatch(description);

        try
        {
            return await waiter.Done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate) _waiters.Remove(waiter);
            throw new TimeoutException($"{Name}: no line matching {description} within {timeout.TotalSeconds:0.#} s.\n{Tail()}");
        }
        catch (OperationCanceledException)
        {
            lock (_gate) _waiters.Remove(waiter);
            throw;
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/> (ordinal); see <see cref="WaitForLineAsync"/>.</summary>
    public Task<string> WaitForLineContainingAsync(string text, TimeSpan timeout, long fromIndex = 0, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, $"'{text}'", fromIndex, cancellationToken);

    /// <summary>Waits until the process exits and its output is read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _exited.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) did not exit within {timeout.TotalSeconds:0.#} s.\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> to the process (not its descendants) with kill(2).</summary>
    public void Signal(UnixSignal signal)
    {
        // Once reaped, the pid may belong to someone else: never signal an exited process.
        if (HasExited || _process.HasExited) throw new InvalidOperationException($"{Name} (pid {Id}) has already exited");
        if (NativeMethods.Kill(Id, (int)signal) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"kill({Id}, {signal}) failed");
        }
    }

    /// <summary>Kills the process and all its descendants (SIGKILL); no-op once exited.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited while we were enumerating its tree.
        }
    }

    /// <summary>A snapshot of the kept lines.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    /// <summary>All kept stdout lines joined with '\n'.</summary>
    public string StandardOutput => Join(OutputSource.StdOut);

    /// <summary>All kept stderr lines joined with '\n'.</summary>
    public string StandardError => Join(OutputSource.StdErr);

    /// <summary>The last <paramref name="count"/> lines, tagged [out]/[err], for assertion messages.</summary>
    public string Tail(int count = 80)
    {
        var lines = Lines;
        var sb = new StringBuilder();
        sb.Append("--- ").Append(Name).Append(" (pid ").Append(Id).Append(", ")
          .Append(HasExited ? $"exited with {_process.ExitCode}" : "running").Append(") ---");
        if (lines.Count > count) sb.Append("\n… ").Append(lines.Count - count).Append(" earlier lines");
        for (int i = Math.Max(0, lines.Count - count); i < lines.Count; i++) sb.Append('\n').Append(lines[i]);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Tail();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Kill();
        try
        {
            await _exited.WaitAsync(ReapTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Leave it to the OS; the test has its result already.
        }

        _process.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Kill();
        _exited.Wait(ReapTimeout);
        _process.Dispose();
    }

    private async Task WatchExitAsync()
    {
        // Completes after the exit AND the end of both redirected streams.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        List<Waiter> failed;
        lock (_gate)
        {
            _hasExited = true;
            failed = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var w in failed) w.Done.TrySetException(ExitedBeforeMatch(w.Description));
    }

    private void OnData(OutputSource source, string? text)
    {
        if (text is null) return; // end of stream
        OutputLine line;
        List<Waiter>? matched = null;
        lock (_gate)
        {
            line = new OutputLine(_nextIndex++, source, text);
            _lines.Enqueue(line);
            if (_lines.Count > _maxKeptLines) _lines.Dequeue();
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                var w = _waiters[i];
                if (line.Index < w.From || !w.Match(text)) continue;
                (matched ??= []).Add(w);
                _waiters.RemoveAt(i);
            }
        }

        if (matched is not null)
        {
            foreach (var w in matched) w.Done.TrySetResult(text);
        }

        if (_log is not null)
        {
            try
            {
                _log(line);
            }
            catch (InvalidOperationException)
            {
                // xunit's ITestOutputHelper after the test finished.
            }
        }
    }

    private InvalidOperationException ExitedBeforeMatch(string description) =>
        new($"{Name} (pid {Id}) exited with code {_process.ExitCode} before writing a line matching {description}.\n{Tail()}");

    private string Join(OutputSource source)
    {
        lock (_gate) return string.Join('\n', _lines.Where(l => l.Source == source).Select(l => l.Text));
    }

    private sealed record Waiter(Func<string, bool> Match, long From, TaskCompletionSource<string> Done, string Description);
}
