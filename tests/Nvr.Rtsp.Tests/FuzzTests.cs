using System.Buffers;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;
using Nvr.Testing.Fuzz;

namespace Nvr.Rtsp.Tests;

/// <summary>Replays the seed corpora and their mutations through the parsers; nothing may throw.</summary>
public class FuzzTests
{
    private static void ExerciseHeaders(RtspMessage m)
    {
        _ = m.CSeq;
        _ = RtspTransport.ParseList(m.Headers["Transport"]);
        _ = RtspSessionHeader.TryParse(m.Headers["Session"], out _);
        _ = RtpInfoEntry.ParseList(m.Headers["RTP-Info"]);
        _ = RtspRange.TryParse(m.Headers["Range"], out _);
        _ = RtspPublicHeader.Parse(m.Headers["Public"]);
        var challenges = RtspAuthChallenge.ParseAll(m.Headers.GetValues("WWW-Authenticate"));
        foreach (var c in challenges)
        {
            _ = c.Qop;
            _ = c.Stale;
        }
        var a = new RtspAuthenticator(new RtspCredentials("u", "p"), () => "c");
        if (a.TryAccept(m.Headers.GetValues("WWW-Authenticate"), out _)) _ = a.CreateAuthorization("DESCRIBE", "rtsp://x/");
        if (RtspAuthorization.TryParse(m.Headers["Authorization"], out var auth))
        {
            _ = auth.TryGetBasic(out _, out _);
            _ = DigestVerifier.Verify(auth, "DESCRIBE", "00", "r", "n");
        }
        if (m is RtspRequest req) _ = RtspUrl.TryParse(req.Uri, out _);
    }

    [Theory]
    [InlineData("rtsp-response")]
    [InlineData("rtsp-request")]
    public void Messages(string corpus)
    {
        var limits = RtspParserLimits.Default;
        int parsed = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations(corpus))
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var seq = new ReadOnlySequence<byte>(input);
            while (true)
            {
                var status = RtspMessageParser.TryParse(ref seq, limits, out var m, out _);
                if (status != RtspParseStatus.Parsed) break;
                parsed++;
                Assert.True(m!.Body.Length <= limits.MaxBody);
                Assert.True(m.Headers.Count <= limits.MaxHeaders);
                ExerciseHeaders(m);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64 * input.Length + 1_000_000, $"allocated {allocated} for {input.Length} bytes");
        }
        Assert.True(parsed > 100);
    }

    [Fact]
    public void Interleaved()
    {
        int frames = 0, messages = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("interleaved"))
        {
            foreach (int size in new[] { input.Length + 1, 7 })
            {
                var seq = Support.Segments.Split(input, size);
                long before = GC.GetAllocatedBytesForCurrentThread();
                while (true)
                {
                    var kind = RtspFrameReader.TryRead(ref seq, RtspParserLimits.Default, out var m, out var f, out _);
                    if (kind == RtspFrameKind.Interleaved)
                    {
                        frames++;
                        Assert.True(f.Payload.Length <= ushort.MaxValue);
                    }
                    else if (kind == RtspFrameKind.Message)
                    {
                        messages++;
                        ExerciseHeaders(m!);
                    }
                    else break;
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 64 * input.Length + 1_000_000, $"allocated {allocated} for {input.Length} bytes");
            }
        }
        Assert.True(frames > 100);
        Assert.True(messages > 50);
    }
}
