using System.Globalization;

namespace Nvr.Testing;

/// <summary>
/// ffmpeg as a third-party client: decode checks, packet counts, copies to files. Every run
/// has an I/O timeout (for network inputs) and a process deadline.
/// </summary>
public static class Ffmpeg
{
    private static readonly TimeSpan DefaultIoTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs <c>ffmpeg -nostdin -hide_banner</c> + <paramref name="arguments"/>; does not throw on failure.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-hide_banner", .. arguments], timeout, cancellationToken: cancellationToken);

    /// <summary>
    /// Decodes <paramref name="input"/> (for at most <paramref name="duration"/>) with
    /// <c>ffmpeg -v error -i input -f null -</c> and returns what it complained about:
    /// empty means clean. A failed or timed-out run returns a non-empty description too.
    /// </summary>
    public static async Task<string> DecodeErrorsAsync(
        string input,
        TimeSpan? duration = null,
        ClientTransport transport = ClientTransport.Tcp,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "-v", "error" };
        args.AddRange(MediaInput.Options(input, transport, DefaultIoTimeout));
        args.AddRange(["-i", input]);
        if (duration is TimeSpan d) args.AddRange(["-t", Seconds(d)]);
        args.AddRange(["-f", "null", "-"]);
        var result = await RunAsync(args, timeout ?? Deadline(duration), cancellationToken).ConfigureAwait(false);
        if (result.TimedOut) return $"ffmpeg timed out decoding {input}\n{result.StandardError}".TrimEnd();
        if (result.ExitCode != 0 && result.StandardError.Length == 0) return $"ffmpeg exited with {result.ExitCode} decoding {input}";
        return result.StandardError;
    }

    /// <summary>
    /// Copies <paramref name="input"/> (for at most <paramref name="duration"/>) without
    /// decoding (<c>-c copy -f framecrc -</c>) and counts packets and the timestamp span per
    /// stream. Throws <see cref="ExternalToolException"/> when ffmpeg fails.
    /// </summary>
    public static async Task<FrameCount> CountFramesAsync(
        string input,
        TimeSpan? duration = null,
        ClientTransport transport = ClientTransport.Tcp,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "-v", "error" };
        args.AddRange(MediaInput.Options(input, transport, DefaultIoTimeout));
        args.AddRange(["-i", input]);
        if (duration is TimeSpan d) args.AddRange(["-t", Seconds(d)]);
        args.AddRange(["-map", "0", "-c", "copy", "-f", "framecrc", "-"]);
        var result = await RunAsync(args, timeout ?? Deadline(duration), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new ExternalToolException("ffmpeg (count frames) " + input, result);
        return FrameCount.Parse(result.StandardOutput);
    }

    /// <summary>
    /// Copies <paramref name="input"/> into <paramref name="output"/> (container from its
    /// extension, or <paramref name="format"/>) without re-encoding. Throws on failure.
    /// </summary>
    public static async Task CopyAsync(
        string input,
        string output,
        TimeSpan? duration = null,
        string? format = null,
        ClientTransport transport = ClientTransport.Tcp,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "-v", "error", "-y" };
        args.AddRange(MediaInput.Options(input, transport, DefaultIoTimeout));
        args.AddRange(["-i", input]);
        if (duration is TimeSpan d) args.AddRange(["-t", Seconds(d)]);
        args.AddRange(["-map", "0", "-c", "copy"]);
        if (format is not null) args.AddRange(["-f", format]);
        args.Add(output);
        var result = await RunAsync(args, timeout ?? Deadline(duration), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new ExternalToolException($"ffmpeg (copy) {input} -> {output}", result);
    }

    // Long enough to connect, wait for a key frame and read the requested span.
    private static TimeSpan Deadline(TimeSpan? duration) => (duration ?? TimeSpan.FromSeconds(10)) + TimeSpan.FromSeconds(15);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
