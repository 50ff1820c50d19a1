using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Fixtures;

/// <summary>The process harness itself, with /bin/sh as the child.</summary>
public sealed class TestProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waits_for_a_line_and_reports_the_signal_exit_code()
    {
        await using var p = TestProcess.Start("/bin/sh", ["-c", "echo starting; echo oops >&2; echo ready 42; exec sleep 30"]);

        var line = await p.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), Deadline);
        p.Signal(UnixSignal.Term);
        var code = await p.WaitForExitAsync(Deadline);

        Assert.Equal("ready 42", line);
        Assert.Equal(128 + 15, code);
        Assert.Equal("starting\nready 42", p.StandardOutput);
        Assert.Equal("oops", p.StandardError);
    }

    [Fact]
    public async Task A_wait_fails_fast_when_the_process_exits_without_the_line()
    {
        await using var p = TestProcess.Start("/bin/sh", ["-c", "echo bye; exit 3"]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => p.WaitForLineContainingAsync("never", TimeSpan.FromSeconds(20)));

        Assert.Contains("exited with code 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("[out] bye", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, p.ExitCode);
    }

    [Fact]
    public async Task A_wait_times_out_with_the_output_in_the_message()
    {
        await using var p = TestProcess.Start("/bin/sh", ["-c", "echo waiting; exec sleep 30"]);
        await p.WaitForLineContainingAsync("waiting", Deadline);

        var e = await Assert.ThrowsAsync<TimeoutException>(() => p.WaitForLineContainingAsync("never", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("[out] waiting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_lines_after_from_index_match()
    {
        await using var p = TestProcess.Start("/bin/sh", ["-c", "echo tick 1; read x; echo tick 2; exec sleep 30"], new TestProcessOptions { RedirectStandardInput = true });
        await p.WaitForLineContainingAsync("tick 1", Deadline);
        long mark = p.LineCount;

        var next = p.WaitForLineAsync(l => l.StartsWith("tick", StringComparison.Ordinal), Deadline, fromIndex: mark);
        await p.StandardInput.WriteLineAsync("go");
        await p.StandardInput.FlushAsync();

        Assert.Equal("tick 2", await next);
    }

    [Fact]
    public async Task Dispose_kills_the_whole_process_tree()
    {
        int child;
        await using (var p = TestProcess.Start("/bin/sh", ["-c", "sleep 30 & echo child $!; wait"]))
        {
            var line = await p.WaitForLineAsync(l => l.StartsWith("child ", StringComparison.Ordinal), Deadline);
            child = int.Parse(line["child ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(IsAlive(child));
        }

        await WaitFor.ConditionAsync(() => !IsAlive(child), Deadline, $"grandchild {child} to die");
    }

    [Fact]
    public async Task Process_runner_reports_a_deadline_as_timed_out()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo partial; exec sleep 30"], TimeSpan.FromMilliseconds(500));

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal("partial", result.StandardOutput);
    }

    [Fact]
    public void Free_ports_are_distinct_and_bindable()
    {
        int a = FreePort.Tcp(), b = FreePort.Tcp();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, a);
        listener.Start();
        listener.Stop();

        Assert.NotEqual(a, b);
        Assert.InRange(FreePort.Udp(), 1, 65535);
    }

    [Fact]
    public void Paths_find_the_repository_and_the_fixture_script()
    {
        using var temp = TestPaths.CreateTempDirectory("paths");
        File.WriteAllText(temp.File("a.txt"), "x");

        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "Nvr.sln")));
        Assert.EndsWith("fake_camera.py", TestPaths.Fixture("fake_camera.py"), StringComparison.Ordinal);
        Assert.True(File.Exists(TestPaths.Fixture("fake_camera.py")));
        temp.Dispose();
        Assert.False(Directory.Exists(temp.Path));
    }

    // Gone, or a zombie nobody reaped (PID 1 in a container may not reap).
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
