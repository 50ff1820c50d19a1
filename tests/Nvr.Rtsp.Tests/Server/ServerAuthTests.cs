using System.Text;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;
using Nvr.Rtsp.Server;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>Digest (MD5, SHA-256), optional Basic, anonymous only when enabled, and throttling of wrong credentials.</summary>
public sealed class ServerAuthTests
{
    private const string User = "viewer";
    private const string Password = "s3cret pass";

    private static RtspUserTable Users(string realm = "Nvr") => new([RtspUser.FromPassword(User, realm, Password)]);

    private static ServerHarness Harness(bool basic = false, int maxFailures = 5) =>
        new(new RtspServerOptions { Port = 0, AllowBasic = basic, MaxAuthFailures = maxFailures }, Users());

    [Fact]
    public async Task No_credentials_get_a_401_with_sha256_then_md5_digest_challenges_and_no_basic()
    {
        await using var h = Harness();
        var peer = h.Connect();
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        Assert.Equal(401, r.StatusCode);
        var challenges = RtspAuthChallenge.ParseAll(r.Headers.GetValues("WWW-Authenticate"));
        Assert.Equal(2, challenges.Count);
        Assert.All(challenges, c => Assert.True(c.IsDigest));
        Assert.Equal(["SHA-256", "MD5"], challenges.Select(c => c.Algorithm));
        Assert.All(challenges, c => Assert.Equal("Nvr", c.Realm));
        Assert.All(challenges, c => Assert.Equal(["auth"], c.Qop));
        Assert.Equal(challenges[0].Nonce, challenges[1].Nonce);
        Assert.Equal(0, h.Server.GetStatistics().AuthFailures); // the first leg of every handshake is no failure
        // OPTIONS needs no credentials.
        Assert.Equal(200, (await peer.RequestAsync("OPTIONS", ServerHarness.Url)).StatusCode);
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    [InlineData("MD5-sess")]
    public async Task Right_digest_credentials_are_accepted_for_describe_setup_and_play(string algorithm)
    {
        await using var h = Harness();
        var peer = h.Connect();
        var challenge = await peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        var nonce = RtspAuthChallenge.ParseAll(challenge.Headers.GetValues("WWW-Authenticate"))[0].Nonce!;
        foreach (var (method, uri) in new[] { ("DESCRIBE", ServerHarness.Url), ("SETUP", ServerHarness.Url + "/trackID=0") })
        {
            var headers = new List<(string, string)> { ("Authorization", Digest(algorithm, method, uri, nonce, Password)) };
            if (method == "SETUP") headers.Add(("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
            var r = await peer.RequestAsync(method, uri, [.. headers]);
            Assert.Equal(200, r.StatusCode);
        }
        var play = await peer.RequestAsync("PLAY", ServerHarness.Url, peer.WithSession(("Authorization", Digest(algorithm, "PLAY", ServerHarness.Url, nonce, Password))));
        Assert.Equal(200, play.StatusCode);
        Assert.Equal(User, h.Server.GetSessions().Single().UserName);
    }

    [Fact]
    public async Task The_client_authenticator_logs_in_like_a_real_client()
    {
        await using var h = Harness();
        var peer = h.Connect();
        peer.UseCredentials(User, Password);
        await h.PlayTcpAsync(peer, 2);
        Assert.Single(h.Server.GetSessions());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_401_and_are_counted()
    {
        await using var h = Harness();
        var peer = h.Connect();
        var nonce = await NonceAsync(peer);
        var wrong = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, nonce, "guess")));
        Assert.Equal(401, wrong.StatusCode);
        Assert.NotEmpty(wrong.Headers.GetValues("WWW-Authenticate"));
        var unknown = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, nonce, Password, user: "mallory")));
        Assert.Equal(401, unknown.StatusCode);
        Assert.Equal(2, h.Server.GetStatistics().AuthFailures);
    }

    [Fact]
    public async Task Basic_is_refused_unless_enabled()
    {
        string basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await using (var off = Harness())
        {
            var r = await off.Connect().RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", basic));
            Assert.Equal(401, r.StatusCode);
            Assert.DoesNotContain(r.Headers.GetValues("WWW-Authenticate"), v => v.StartsWith("Basic", StringComparison.Ordinal));
        }
        await using var on = Harness(basic: true);
        var peer = on.Connect();
        var challenge = await peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        Assert.Equal("Basic realm=\"Nvr\"", challenge.Headers.GetValues("WWW-Authenticate").Last());
        Assert.Equal(200, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", basic))).StatusCode);
        string wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:nope"));
        Assert.Equal(401, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", wrong))).StatusCode);
    }

    [Fact]
    public async Task Without_anonymous_access_and_without_users_nobody_gets_in()
    {
        await using var h = new ServerHarness(new RtspServerOptions { Port = 0 });
        var peer = h.Connect();
        peer.UseCredentials(User, Password);
        Assert.Equal(401, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url)).StatusCode);
    }

    [Fact]
    public async Task An_expired_nonce_with_right_credentials_gets_stale_and_is_not_a_failure()
    {
        await using var h = Harness();
        var peer = h.Connect();
        var nonce = await NonceAsync(peer);
        h.Time.Advance(TimeSpan.FromSeconds(301));
        peer = h.Connect(); // the idle connection was closed meanwhile; nonces outlive connections
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, nonce, Password)));
        Assert.Equal(401, r.StatusCode);
        Assert.All(RtspAuthChallenge.ParseAll(r.Headers.GetValues("WWW-Authenticate")), c => Assert.True(c.Stale));
        Assert.Equal(0, h.Server.GetStatistics().AuthFailures);
        var fresh = RtspAuthChallenge.ParseAll(r.Headers.GetValues("WWW-Authenticate"))[1].Nonce!;
        Assert.Equal(200, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, fresh, Password)))).StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_block_the_address_then_it_recovers()
    {
        await using var h = Harness(maxFailures: 3);
        var attacker = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.1.2.3"), 5000);
        var peer = h.Connect(attacker);
        var nonce = await NonceAsync(peer);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(401, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url, ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, nonce, "guess" + i)))).StatusCode);
        }
        // Blocked now: even the right password is refused, with Retry-After.
        var right = ("Authorization", Digest("MD5", "DESCRIBE", ServerHarness.Url, nonce, Password));
        var blocked = await peer.RequestAsync("DESCRIBE", ServerHarness.Url, right);
        Assert.Equal(503, blocked.StatusCode);
        Assert.Equal("60", blocked.Headers["Retry-After"]);
        Assert.Equal(1, h.Server.GetStatistics().AuthThrottled);
        // Another address is not affected.
        var other = h.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.1.2.4"), 5000));
        Assert.Equal(200, (await other.RequestAsync("DESCRIBE", ServerHarness.Url, right)).StatusCode);
        // After the block, the right password works again (the nonce is still young enough).
        h.Time.Advance(TimeSpan.FromSeconds(61));
        peer = h.Connect(attacker);
        Assert.Equal(200, (await peer.RequestAsync("DESCRIBE", ServerHarness.Url, right)).StatusCode);
    }

    private static async Task<string> NonceAsync(TestRtspPeer peer)
    {
        var r = await peer.RequestAsync("DESCRIBE", ServerHarness.Url);
        Assert.Equal(401, r.StatusCode);
        return RtspAuthChallenge.ParseAll(r.Headers.GetValues("WWW-Authenticate"))[0].Nonce!;
    }

    /// <summary>A digest Authorization computed independently of the server (RFC 7616 §3.4.1).</summary>
    private static string Digest(string algorithm, string method, string uri, string nonce, string password, string user = User)
    {
        Assert.True(DigestHash.TryParseAlgorithm(algorithm, out var a));
        const string cnonce = "0a4f113b", nc = "00000001";
        string ha1 = DigestHash.Ha1(a, user, "Nvr", password);
        string response = DigestHash.Response(a, ha1, nonce, method, uri, "auth", nc, cnonce);
        return $"Digest username=\"{user}\", realm=\"Nvr\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm={algorithm}, qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"";
    }
}
