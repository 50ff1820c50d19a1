using System.Globalization;

namespace Nvr.Testing;

/// <summary>
/// A real RTSP camera for tests: <c>fixtures/fake_camera.py</c> (GStreamer's rtsp-server) in a
/// child process. It is started with <c>--port 0</c> and announces <c>LISTENING &lt;port&gt;</c>;
/// <see cref="RestartAsync"/> brings it back on the same port for reconnect tests;
/// <see cref="Suspend"/>/<see cref="Resume"/> freeze it (SIGSTOP/SIGCONT) so the socket stays open
/// but nothing flows — a hung camera.
/// </summary>
public sealed class FakeCamera : IAsyncDisposable
{
    private const string Host = "127.0.0.1";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private TestProcess? _process;

    private FakeCamera(FakeCameraOptions options) => Options = options;

    /// <summary>The options the camera runs with.</summary>
    public FakeCameraOptions Options { get; }

    /// <summary>The RTSP port (stays the same across <see cref="RestartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The current camera process (a new one after each restart).</summary>
    public TestProcess Process => _process ?? throw new InvalidOperationException("the camera is not running");

    /// <summary>The camera process is alive (possibly suspended).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a camera and waits until it listens.</summary>
    public static async Task<FakeCamera> StartAsync(FakeCameraOptions? options = null, CancellationToken cancellationToken = default)
    {
        var camera = new FakeCamera(options ?? new FakeCameraOptions());
        try
        {
            camera.Port = await camera.LaunchAsync(camera.Options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await camera.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return camera;
    }

    /// <summary>
    /// <c>rtsp://[user:password@]127.0.0.1:port/mount</c> for <paramref name="mount"/> (the first
    /// mount when null). Credentials are included when the camera demands them and
    /// <paramref name="withCredentials"/> is true.
    /// </summary>
    public string Url(string? mount = null, bool withCredentials = true) =>
        withCredentials && Options.Auth != CameraAuth.None
            ? Url(mount, Options.User, Options.Password)
            : $"rtsp://{Host}:{Port}{MountPath(mount)}";

    /// <summary>The URL of <paramref name="mount"/> with the given (possibly wrong) credentials.</summary>
    public string Url(string? mount, string user, string password) =>
        $"rtsp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{Host}:{Port}{MountPath(mount)}";

    /// <summary>Stops the camera politely (SIGTERM), killing it if it does not exit in time.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null || process.HasExited) return;
        try
        {
            process.Signal(UnixSignal.Cont); // a suspended process cannot handle SIGTERM
            process.Signal(UnixSignal.Term);
            await process.WaitForExitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill();
            await process.WaitForExitAsync(StopTimeout).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the camera (SIGKILL): connections drop without RTSP TEARDOWN or RTCP BYE.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>Kills the camera if it runs and starts it again on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var old = _process;
        if (old is not null)
        {
            old.Kill();
            await old.WaitForExitAsync(StopTimeout, cancellationToken).ConfigureAwait(false);
        }

        // The port was just released; another process may hold it briefly (TIME_WAIT is fine,
        // the server sets SO_REUSEADDR), so retry until the start deadline.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await LaunchAsync(Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException e) when (
                e.Message.Contains("already in use", StringComparison.Ordinal)
                && System.Diagnostics.Stopwatch.GetElapsedTime(started) < Options.StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Freezes the camera (SIGSTOP): the socket stays open, nothing is sent or answered.</summary>
    public void Suspend() => Process.Signal(UnixSignal.Stop);

    /// <summary>Unfreezes a suspended camera (SIGCONT).</summary>
    public void Resume() => Process.Signal(UnixSignal.Cont);

    /// <summary>The camera's recent output, for assertion messages.</summary>
    public override string ToString() => _process?.Tail() ?? "fake camera (not started)";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync().ConfigureAwait(false);
    }

    private string MountPath(string? mount)
    {
        var path = mount ?? Options.Mounts[0];
        return path.StartsWith('/') ? path : "/" + path;
    }

    private async Task<int> LaunchAsync(int port, CancellationToken cancellationToken)
    {
        if (_process is not null) await _process.DisposeAsync().ConfigureAwait(false);
        _process = TestProcess.Start(TestPaths.Python, BuildArguments(port), new TestProcessOptions
        {
            Name = "fake_camera",
            Environment = new Dictionary<string, string?>
            {
                ["PYTHONUNBUFFERED"] = "1",
                ["GST_DEBUG_NO_COLOR"] = "1",
            },
            Log = Options.Log,
        });
        var line = await _process.WaitForLineAsync(l => l.StartsWith("LISTENING ", StringComparison.Ordinal), Options.StartTimeout, "LISTENING <port>", cancellationToken: cancellationToken).ConfigureAwait(false);
        return int.Parse(line.AsSpan("LISTENING ".Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private List<string> BuildArguments(int port)
    {
        var o = Options;
        var args = new List<string>
        {
            TestPaths.Fixture("fake_camera.py"),
            "--port", Invariant(port),
            "--codec", o.Codec == CameraCodec.H264 ? "h264" : "h265",
            "--audio", o.Audio.ToString().ToLowerInvariant(),
            "--width", Invariant(o.Width),
            "--height", Invariant(o.Height),
            "--fps", Invariant(o.Fps),
            "--gop", Invariant(o.Gop),
            "--bitrate", Invariant(o.BitrateKbps),
            "--slices", Invariant(o.Slices),
            "--pattern", o.Pattern,
            "--mounts", string.Join(',', o.Mounts),
            "--auth", o.Auth.ToString().ToLowerInvariant(),
            "--user", o.User,
            "--password", o.Password,
        };
        if (o.SubWidth > 0 && o.SubHeight > 0) args.AddRange(["--sub-width", Invariant(o.SubWidth), "--sub-height", Invariant(o.SubHeight)]);
        if (o.ClipPath is not null) args.AddRange(["--clip", o.ClipPath]);
        if (o.Multicast) args.Add("--multicast");
        if (o.LatencyMs is int latency) args.AddRange(["--latency", Invariant(latency)]);
        if (!o.Shared) args.Add("--not-shared");
        args.AddRange(o.ExtraArguments);
        return args;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
