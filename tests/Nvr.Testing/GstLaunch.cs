namespace Nvr.Testing;

/// <summary>
/// gst-launch-1.0 as a third-party client, e.g.
/// <c>rtspsrc location=rtsp://… protocols=tcp ! rtph264depay ! h264parse ! avdec_h264 ! identity eos-after=30 ! fakesink</c>.
/// The description is written in shell syntax (quotes as on a command line).
/// </summary>
public static class GstLaunch
{
    private static readonly TimeSpan EosTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="pipeline"/> until it ends by itself (EOS or error) or the deadline kills it.</summary>
    public static async Task<ProcessResult> RunAsync(string pipeline, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var process = Start(pipeline, eosOnShutdown: false);
        try
        {
            var code = await process.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return new ProcessResult(code, process.StandardOutput, process.StandardError, TimedOut: false);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync(EosTimeout, CancellationToken.None).ConfigureAwait(false);
            return new ProcessResult(-1, process.StandardOutput, process.StandardError, TimedOut: true);
        }
    }

    /// <summary>
    /// Whether a pipeline run by <see cref="RunAsync"/> played to its end (EOS) without an error
    /// while it played. True when gst-launch exited 0; also true when it reported EOS and the only
    /// errors came after it from rtspsrc's own shutdown: GStreamer 1.22's rtspsrc, going
    /// PAUSED→READY, flushes its connection for the CLOSE command while its PAUSE request is still
    /// in flight (its answer comes within about 0.5 ms, the CLOSE sometimes sooner), and then posts
    /// "Could not send message. (Received end-of-file)" for that PAUSE (gst_rtspsrc_try_send /
    /// gst_rtspsrc_pause); the TEARDOWN that follows is answered normally. Seen with rtspsrc
    /// GST_DEBUG traces against nvr in 4 of 9 and 5 of 20 UDP runs; gst-launch exits 1 for it. An
    /// error during playback ends the pipeline before EOS, so it is never excused.
    /// </summary>
    public static bool PlayedToEos(ProcessResult result)
    {
        if (result.TimedOut) return false;
        if (result.ExitCode == 0) return true;
        if (!result.StandardOutput.Contains("Got EOS from element", StringComparison.Ordinal)) return false;
        var lines = result.StandardError.Split('\n');
        int errors = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("ERROR:", StringComparison.Ordinal)) continue;
            errors++;
            var block = string.Join('\n', lines.Skip(i).Take(4));
            bool shutdownRace = lines[i].Contains("GstRTSPSrc", StringComparison.Ordinal)
                && (block.Contains("gst_rtspsrc_try_send", StringComparison.Ordinal) || block.Contains("gst_rtspsrc_pause", StringComparison.Ordinal))
                && block.Contains("Could not send message. (Received end-of-file)", StringComparison.Ordinal);
            if (!shutdownRace) return false;
        }
        return errors > 0;
    }

    /// <summary>
    /// Runs <paramref name="pipeline"/> for <paramref name="duration"/>, then sends SIGINT so
    /// gst-launch (started with <c>-e</c>) pushes EOS and finalises its sinks (e.g. an MP4 file),
    /// and waits for it to exit. <see cref="ProcessResult.TimedOut"/> means it did not exit after EOS.
    /// A pipeline that ends earlier by itself returns then.
    /// </summary>
    public static async Task<ProcessResult> RunForAsync(string pipeline, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var process = Start(pipeline, eosOnShutdown: true);
        try
        {
            var code = await process.WaitForExitAsync(duration, cancellationToken).ConfigureAwait(false);
            return new ProcessResult(code, process.StandardOutput, process.StandardError, TimedOut: false);
        }
        catch (TimeoutException)
        {
            // Expected: the pipeline is live and runs until told to stop.
        }

        try
        {
            process.Signal(UnixSignal.Int);
            var code = await process.WaitForExitAsync(EosTimeout, cancellationToken).ConfigureAwait(false);
            return new ProcessResult(code, process.StandardOutput, process.StandardError, TimedOut: false);
        }
        catch (InvalidOperationException)
        {
            // Exited between the deadline and the signal.
            var code = await process.WaitForExitAsync(EosTimeout, cancellationToken).ConfigureAwait(false);
            return new ProcessResult(code, process.StandardOutput, process.StandardError, TimedOut: false);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync(EosTimeout, CancellationToken.None).ConfigureAwait(false);
            return new ProcessResult(-1, process.StandardOutput, process.StandardError, TimedOut: true);
        }
    }

    private static TestProcess Start(string pipeline, bool eosOnShutdown) =>
        // exec: the shell only parses the quoting, then becomes gst-launch (signals reach it).
        TestProcess.Start("/bin/sh", ["-c", "exec gst-launch-1.0 " + (eosOnShutdown ? "-e " : "") + pipeline], new TestProcessOptions
        {
            Name = "gst-launch-1.0",
            Environment = new Dictionary<string, string?> { ["GST_DEBUG_NO_COLOR"] = "1" },
        });
}
