using Nvr.Rtsp.Server;
using Nvr.Testing.Fuzz;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>
/// Replays the hostile-input corpus (<c>corpus/rtsp-server</c>: oversized header and request line,
/// missing CSeq, bad Transport and Range, path traversal, binary junk, half-open requests,
/// interleaved junk, …) and its mutations, each on its own connection that the client then
/// half-closes. Every answer must be a proper status, every connection must end, and the server
/// must neither throw, leak sessions or readers, nor grow its memory.
/// </summary>
public sealed class ServerCorpusTests
{
    [Fact]
    public async Task Hostile_input_gets_proper_answers_or_a_closed_connection_and_never_breaks_the_server()
    {
        var options = new RtspServerOptions { Port = 0, AllowAnonymous = true, MaxSessionsPerAddress = 10_000, MaxSessions = 10_000 };
        await using var h = new ServerHarness(options);
        ServerMedia.Publish(h.Feed, 0, 5);
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        int inputs = 0, answered = 0;
        var statuses = new HashSet<int>();
        foreach (var input in FuzzCorpus.SeedsAndMutations("rtsp-server", mutationsPerSeed: 60))
        {
            inputs++;
            var peer = new TestRtspPeer(h.Server);
            await peer.SendRawAsync(input);
            await peer.CompleteAsync();
            await peer.Serving.WaitAsync(TestRtspPeer.Deadline); // ends, and without an exception
            await peer.DisposeAsync();
            foreach (var r in peer.TakeResponses())
            {
                answered++;
                statuses.Add(r.StatusCode);
                Assert.True(r.StatusCode is 200 or >= 400 and < 600, $"status {r.StatusCode} for input {inputs}");
            }
        }
        Assert.True(inputs > 1000);
        Assert.True(answered > inputs, $"{answered} answers to {inputs} inputs");
        // The corpus reaches the refusals it was written for.
        foreach (int expected in new[] { 400, 404, 414, 454, 457, 461, 505 }) Assert.True(statuses.Contains(expected), $"no {expected} among {string.Join(",", statuses.Order())}");

        // UDP sessions may outlive their connection until the session timeout; then nothing is left.
        await h.AdvanceUntilAsync(() => h.Server.GetSessions().Count == 0, "every session to end");
        Assert.Equal(0, h.Feed.ReaderCount);
        Assert.Equal(0, h.Server.GetStatistics().Connections);
        long grown = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Assert.True(grown < 16 * 1024 * 1024, $"memory grew by {grown} bytes");
        // And it still serves.
        var fresh = h.Connect();
        Assert.Equal(200, (await fresh.RequestAsync("DESCRIBE", ServerHarness.Url)).StatusCode);
    }
}
