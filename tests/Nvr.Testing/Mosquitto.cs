using System.Globalization;
using System.Text;

namespace Nvr.Testing;

/// <summary>
/// A real Mosquitto broker on 127.0.0.1 with a generated config in a temp folder: anonymous by
/// default, or one user (password file made with <c>mosquitto_passwd -b</c>); no persistence.
/// The port is chosen free (retried on collision) and kept across <see cref="RestartAsync"/>.
/// Also drives the real command-line clients (<c>mosquitto_pub</c>, <c>mosquitto_sub</c>).
/// </summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir;
    private readonly Action<OutputLine>? _log;
    private TestProcess? _process;

    private Mosquitto(TempDirectory dir, string? username, string? password, Action<OutputLine>? log)
    {
        _dir = dir;
        Username = username;
        Password = password;
        _log = log;
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The listener port.</summary>
    public int Port { get; private set; }

    /// <summary>The only user when the broker requires credentials; null for anonymous.</summary>
    public string? Username { get; }

    /// <summary>That user's password.</summary>
    public string? Password { get; }

    /// <summary><c>mqtt://127.0.0.1:port</c>.</summary>
    public string Uri => string.Create(CultureInfo.InvariantCulture, $"mqtt://{Host}:{Port}");

    /// <summary>The generated mosquitto.conf.</summary>
    public string ConfigPath => _dir.File("mosquitto.conf");

    /// <summary>The broker process.</summary>
    public TestProcess Process => _process ?? throw new InvalidOperationException("mosquitto is not running");

    /// <summary>
    /// Starts a broker; with <paramref name="username"/> and <paramref name="password"/> anonymous
    /// clients are refused.
    /// </summary>
    public static async Task<Mosquitto> StartAsync(string? username = null, string? password = null, Action<OutputLine>? log = null, CancellationToken cancellationToken = default)
    {
        if ((username is null) != (password is null)) throw new ArgumentException("give both username and password, or neither");
        var broker = new Mosquitto(TempDirectory.Create("mosquitto"), username, password, log);
        try
        {
            if (username is not null) await broker.WritePasswordFileAsync(cancellationToken).ConfigureAwait(false);
            for (int attempt = 1; ; attempt++)
            {
                broker.Port = FreePort.Tcp();
                try
                {
                    await broker.LaunchAsync(cancellationToken).ConfigureAwait(false);
                    return broker;
                }
                catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("in use", StringComparison.Ordinal))
                {
                    // Someone took the port between FreePort and mosquitto's bind: pick another.
                }
            }
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the broker (SIGTERM, then SIGKILL after a deadline).</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null || process.HasExited) return;
        try
        {
            process.Signal(UnixSignal.Term);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the broker (SIGKILL): clients see the connection drop.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>Stops the broker if it runs and starts it again on the same port (retained messages are lost: no persistence).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await LaunchAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException e) when (
                e.Message.Contains("in use", StringComparison.Ordinal)
                && System.Diagnostics.Stopwatch.GetElapsedTime(started) < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Publishes with <c>mosquitto_pub</c>; credentials default to the broker's own (pass
    /// empty strings to connect anonymously). Returns the outcome without throwing.
    /// </summary>
    public Task<ProcessResult> PublishAsync(string topic, string message, bool retain = false, int qos = 0, string? username = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var args = ClientArguments(username, password);
        args.AddRange(["-t", topic, "-m", message, "-q", qos.ToString(CultureInfo.InvariantCulture)]);
        if (retain) args.Add("-r");
        return ProcessRunner.RunAsync("mosquitto_pub", args, ClientTimeout, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Receives one message on <paramref name="topic"/> with <c>mosquitto_sub -C 1</c> (a retained
    /// one arrives at once) and returns its payload. Throws <see cref="ExternalToolException"/>
    /// when none arrives within <paramref name="timeout"/> (whole seconds, at least 1) or the client fails.
    /// </summary>
    public async Task<string> ReceiveOneAsync(string topic, TimeSpan timeout, string? username = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var args = ClientArguments(username, password);
        args.AddRange(["-t", topic, "-C", "1", "-W", seconds.ToString(CultureInfo.InvariantCulture)]);
        var result = await ProcessRunner.RunAsync("mosquitto_sub", args, TimeSpan.FromSeconds(seconds) + ClientTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new ExternalToolException("mosquitto_sub " + topic, result);
        return result.StandardOutput;
    }

    /// <summary>
    /// Starts <c>mosquitto_sub -v</c> on <paramref name="topic"/> and returns once the broker
    /// acknowledged the subscription. Each message is an output line <c>"topic payload"</c>;
    /// wait for them with <see cref="TestProcess.WaitForLineAsync"/>. Dispose it to unsubscribe.
    /// </summary>
    public async Task<TestProcess> SubscribeAsync(string topic, string? username = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var args = ClientArguments(username, password);
        args.AddRange(["-v", "-d", "-t", topic]);
        // mosquitto_sub writes through stdio, fully buffered on a pipe: force line buffering.
        var process = TestProcess.Start("stdbuf", ["-oL", "mosquitto_sub", .. args], new TestProcessOptions { Name = "mosquitto_sub " + topic });
        try
        {
            await process.WaitForLineContainingAsync("received SUBACK", ClientTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return process;
    }

    /// <inheritdoc/>
    public override string ToString() => _process?.Tail() ?? "mosquitto (not started)";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync().ConfigureAwait(false);
        _dir.Dispose();
    }

    private List<string> ClientArguments(string? username, string? password)
    {
        var args = new List<string> { "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-i", "nvr-test-" + Guid.NewGuid().ToString("N")[..12] };
        var user = username ?? Username;
        var pass = password ?? Password;
        if (!string.IsNullOrEmpty(user)) args.AddRange(["-u", user]);
        if (!string.IsNullOrEmpty(pass)) args.AddRange(["-P", pass]);
        return args;
    }

    private async Task WritePasswordFileAsync(CancellationToken cancellationToken)
    {
        var file = _dir.File("passwd");
        await ProcessRunner.RunCheckedAsync("mosquitto_passwd", ["-c", "-b", file, Username!, Password!], ClientTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var conf = new StringBuilder()
            .Append("listener ").Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" 127.0.0.1\n")
            .Append("persistence false\n")
            .Append("log_dest stderr\n")
            .Append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
            // Started as root, mosquitto drops to the 'mosquitto' user, which cannot read our
            // temp folder; naming the current user keeps it (ignored when not root).
            .Append("user ").Append(Environment.UserName).Append('\n');
        if (Username is null) conf.Append("allow_anonymous true\n");
        else conf.Append("allow_anonymous false\npassword_file ").Append(_dir.File("passwd")).Append('\n');
        await File.WriteAllTextAsync(ConfigPath, conf.ToString(), cancellationToken).ConfigureAwait(false);

        if (_process is not null) await _process.DisposeAsync().ConfigureAwait(false);
        var process = TestProcess.Start("mosquitto", ["-c", ConfigPath], new TestProcessOptions { Name = "mosquitto", Log = _log });
        _process = process;

        // Ready when the port accepts; fail fast (with its log) if mosquitto exits instead.
        await WaitFor.ConditionAsync(
            async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"mosquitto exited during start-up:\n{process.Tail()}");
                return await WaitFor.IsPortOpenAsync(Host, Port, cancellationToken).ConfigureAwait(false);
            },
            StartTimeout,
            $"mosquitto to listen on {Host}:{Port}",
            cancellationToken).ConfigureAwait(false);
    }
}
