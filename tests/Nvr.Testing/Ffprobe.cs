using System.Globalization;

namespace Nvr.Testing;

/// <summary>
/// ffprobe as a third-party client: <c>ffprobe -v error -print_format json -show_streams
/// -show_format</c> on a file or URL, parsed into a <see cref="ProbeResult"/>. Every run has an
/// I/O timeout and a process deadline.
/// </summary>
public static class Ffprobe
{
    /// <summary>Probes <paramref name="input"/>; throws <see cref="ExternalToolException"/> when ffprobe fails.</summary>
    public static async Task<ProbeResult> ProbeAsync(string input, ProbeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(input, options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw new ExternalToolException("ffprobe " + input, result);
        return ProbeResult.Parse(result.StandardOutput);
    }

    /// <summary>Runs ffprobe on <paramref name="input"/> and returns its raw outcome (for tests that expect failure, e.g. 401).</summary>
    public static Task<ProcessResult> RunAsync(string input, ProbeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProbeOptions();
        var args = new List<string> { "-hide_banner", "-v", "error", "-print_format", "json", "-show_streams", "-show_format" };
        if (options.CountFrames) args.Add("-count_frames");
        if (options.CountPackets) args.Add("-count_packets");
        if (options.ShowFrames) args.Add("-show_frames");
        if (options.ShowPackets) args.Add("-show_packets");
        if (options.ReadDuration is TimeSpan read)
        {
            args.AddRange(["-read_intervals", "%+" + read.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        args.AddRange(MediaInput.Options(input, options.Transport, options.IoTimeout));
        args.AddRange(options.ExtraArguments);
        args.AddRange(["-i", input]);
        return ProcessRunner.RunAsync("ffprobe", args, options.Timeout, cancellationToken: cancellationToken);
    }
}
