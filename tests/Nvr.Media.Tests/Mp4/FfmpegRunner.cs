using System.Diagnostics;

namespace Nvr.Media.Tests.Mp4;

/// <summary>Runs ffmpeg/ffprobe (Debian packages on every dev/CI machine) with a deadline.</summary>
internal static class FfmpegRunner
{
    public sealed record Output(int ExitCode, string StdOut, string StdErr);

    public static Output Run(string tool, IEnumerable<string> args, string? workingDirectory = null, int timeoutSeconds = 180)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', psi.ArgumentList)} did not finish in {timeoutSeconds} s");
        }
        p.WaitForExit();
        return new Output(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and fails the test with the tool's stderr when it exits non-zero.</summary>
    public static Output Check(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var o = Run(tool, args, workingDirectory);
        if (o.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {o.ExitCode}: {o.StdErr}");
        return o;
    }
}
