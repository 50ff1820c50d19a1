using System.Diagnostics;
using Nvr.EndToEnd.Tests.Support;

namespace Nvr.EndToEnd.Tests.Deploy;

public sealed class SystemdUnitTests
{
    private static string Unit => Path.Combine(NvrBinary.RepoRoot, "rootfs", "lib", "systemd", "system", "nvr.service");

    /// <summary>
    /// systemd-analyze verify exits 0 even for unknown keys and bad values (it only prints them),
    /// so the test requires silence as well. ExecStart points at the published binary because verify
    /// checks that the command exists.
    /// </summary>
    [Fact]
    public async Task Unit_passes_systemd_analyze_verify()
    {
        var dir = Directory.CreateTempSubdirectory("nvr-unit-").FullName;
        try
        {
            var unit = Path.Combine(dir, "nvr.service");
            var text = await File.ReadAllTextAsync(Unit);
            Assert.Contains("ExecStart=/usr/bin/nvr ", text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(unit, text.Replace("ExecStart=/usr/bin/nvr ", $"ExecStart={NvrBinary.PathFor(NvrBinary.HostRid)} ", StringComparison.Ordinal));

            var psi = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("verify");
            psi.ArgumentList.Add(unit);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            var said = (await stdout + await stderr).Trim();
            Assert.True(p.ExitCode == 0 && said.Length == 0, $"exit {p.ExitCode}: {said}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Type=notify")]
    [InlineData("WatchdogSec=")]
    [InlineData("Restart=on-failure")]
    [InlineData("User=nvr")]
    [InlineData("StateDirectory=nvr")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ProtectHome=yes")]
    [InlineData("PrivateTmp=yes")]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("ReadWritePaths=/var/lib/nvr")]
    public async Task Unit_has_the_required_setting(string setting) =>
        Assert.Contains(setting, await File.ReadAllTextAsync(Unit), StringComparison.Ordinal);
}
