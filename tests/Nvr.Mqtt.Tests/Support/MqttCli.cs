using System.Globalization;
using Nvr.Testing;

namespace Nvr.Mqtt.Tests.Support;

/// <summary>
/// mosquitto_sub/mosquitto_pub against any broker (the embedded one included); the Mosquitto
/// fixture's own helpers only talk to the fixture.
/// </summary>
internal static class MqttCli
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    /// <summary>mosquitto_sub -v -d; returns after SUBACK. Lines: "topic payload" plus -d debug lines.</summary>
    public static async Task<TestProcess> SubscribeAsync(string host, int port, string topic, string? user = null, string? password = null)
    {
        var process = TestProcess.Start("stdbuf", ["-oL", "mosquitto_sub", .. Arguments(host, port, user, password), "-v", "-d", "-t", topic],
            new TestProcessOptions { Name = $"mosquitto_sub {topic} @{host}:{port}" });
        try
        {
            await process.WaitForLineContainingAsync("received SUBACK", ClientTimeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    /// <summary>One connection attempt that waits for one message (a retained one arrives at once).</summary>
    public static Task<ProcessResult> ReceiveOneAsync(string host, int port, string topic, TimeSpan timeout, string? user = null, string? password = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ProcessRunner.RunAsync("mosquitto_sub", [.. Arguments(host, port, user, password), "-t", topic, "-C", "1", "-W", seconds], timeout + ClientTimeout);
    }

    public static Task<ProcessResult> PublishAsync(string host, int port, string topic, string message, bool retain = false, string? user = null, string? password = null)
    {
        List<string> args = [.. Arguments(host, port, user, password), "-t", topic, "-m", message, "-q", "1"];
        if (retain) args.Add("-r");
        return ProcessRunner.RunAsync("mosquitto_pub", args, ClientTimeout);
    }

    private static List<string> Arguments(string host, int port, string? user, string? password)
    {
        var args = new List<string> { "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-i", "nvr-test-" + Guid.NewGuid().ToString("N")[..12] };
        if (!string.IsNullOrEmpty(user)) args.AddRange(["-u", user]);
        if (!string.IsNullOrEmpty(password)) args.AddRange(["-P", password]);
        return args;
    }
}
