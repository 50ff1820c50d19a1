using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Tests.Auth;

public class DigestTests
{
    [Fact]
    public void Rfc2617_section_3_5_example()
    {
        string ha1 = DigestHash.Ha1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
        string r = DigestHash.Response(DigestAlgorithm.Md5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");
        Assert.Equal("6629fae49393a05397450978507c4ef1", r);
    }

    [Theory]
    // RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
    [InlineData(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_section_3_9_1_example(DigestAlgorithm alg, string expected)
    {
        string ha1 = DigestHash.Ha1(alg, "Mufasa", "http-auth@example.org", "Circle of Life");
        string r = DigestHash.Response(alg, ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "GET", "/dir/index.html",
            "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        Assert.Equal(expected, r);
    }

    [Fact]
    public void Md5_sess_uses_session_ha1()
    {
        // Expected value computed independently: H(H(H(A1):nonce:cnonce):nonce:nc:cnonce:qop:H(A2)).
        string ha1 = DigestHash.Ha1(DigestAlgorithm.Md5Sess, "Mufasa", "testrealm@host.com", "Circle Of Life");
        string r = DigestHash.Response(DigestAlgorithm.Md5Sess, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");
        Assert.Equal("8e3825c57e897f5a0dec6c2d4e5059d0", r);
    }

    [Fact]
    public void Legacy_digest_without_qop_as_hikvision_expects()
    {
        var a = new RtspAuthenticator(new RtspCredentials("admin", "12345"));
        Assert.True(a.TryAccept(["Digest realm=\"IP Camera(21388)\", nonce=\"4e6a6b5a3a3a3a\", stale=\"FALSE\"", "Basic realm=\"IP Camera(21388)\""], out bool stale));
        Assert.False(stale);
        Assert.Equal("Digest", a.Scheme);
        var header = a.CreateAuthorization("DESCRIBE", "rtsp://192.168.1.64:554/Streaming/Channels/101")!;
        Assert.Equal("Digest username=\"admin\", realm=\"IP Camera(21388)\", nonce=\"4e6a6b5a3a3a3a\", uri=\"rtsp://192.168.1.64:554/Streaming/Channels/101\", response=\"586b6027739748545d204de1b7d048c9\"", header);
    }

    [Fact]
    public void Qop_auth_counts_nonces_and_verifier_accepts()
    {
        int n = 0;
        var a = new RtspAuthenticator(new RtspCredentials("user", "pa\"ss"), () => "cn" + (++n));
        Assert.True(a.TryAccept(["Digest realm=\"r\", nonce=\"N1\", qop=\"auth,auth-int\", algorithm=SHA-256, opaque=\"op\""], out _));
        Assert.Equal(DigestAlgorithm.Sha256, a.Algorithm);
        var h1 = a.CreateAuthorization("OPTIONS", "rtsp://cam/")!;
        var h2 = a.CreateAuthorization("DESCRIBE", "rtsp://cam/")!;
        Assert.Contains("nc=00000001", h1);
        Assert.Contains("nc=00000002", h2);
        Assert.Contains("algorithm=SHA-256", h1);
        Assert.Contains("opaque=\"op\"", h1);
        Assert.Contains("qop=auth,", h1);

        string ha1 = DigestVerifier.ComputeHa1(DigestAlgorithm.Sha256, "user", "r", "pa\"ss");
        Assert.True(RtspAuthorization.TryParse(h2, out var parsed));
        Assert.Equal("user", parsed.UserName);
        Assert.Equal(DigestVerifyResult.Valid, DigestVerifier.Verify(parsed, "DESCRIBE", ha1, "r", "N1"));
        Assert.Equal(DigestVerifyResult.Invalid, DigestVerifier.Verify(parsed, "PLAY", ha1, "r", "N1"));
        Assert.Equal(DigestVerifyResult.Stale, DigestVerifier.Verify(parsed, "DESCRIBE", ha1, "r", "N2"));
        Assert.Equal(DigestVerifyResult.Invalid, DigestVerifier.Verify(parsed, "DESCRIBE", DigestVerifier.ComputeHa1(DigestAlgorithm.Sha256, "user", "r", "wrong"), "r", "N1"));
    }

    [Fact]
    public void Stale_challenge_is_reported_and_resets_nonce_count()
    {
        var a = new RtspAuthenticator(new RtspCredentials("u", "p"), () => "c");
        Assert.True(a.TryAccept(["Digest realm=\"r\", nonce=\"old\", qop=auth"], out bool s1));
        Assert.False(s1);
        a.CreateAuthorization("PLAY", "rtsp://x/");
        Assert.True(a.TryAccept(["Digest realm=\"r\", nonce=\"new\", qop=auth, stale=true"], out bool s2));
        Assert.True(s2);
        var h = a.CreateAuthorization("PLAY", "rtsp://x/")!;
        Assert.Contains("nonce=\"new\"", h);
        Assert.Contains("nc=00000001", h);
    }

    [Fact]
    public void Basic_only_and_unsupported_schemes()
    {
        var a = new RtspAuthenticator(new RtspCredentials("Aladdin", "open sesame"));
        Assert.False(a.TryAccept(["Negotiate", "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"], out _));
        Assert.True(a.TryAccept(["Basic realm=\"WallyWorld\""], out _));
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", a.CreateAuthorization("DESCRIBE", "rtsp://x/"));
        Assert.True(RtspAuthorization.TryParse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", out var parsed));
        Assert.True(parsed.TryGetBasic(out var u, out var p));
        Assert.Equal("Aladdin", u);
        Assert.Equal("open sesame", p);
    }

    [Fact]
    public void Md5_sess_client_and_server_agree()
    {
        var a = new RtspAuthenticator(new RtspCredentials("u", "p"));
        Assert.True(a.TryAccept(["Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=auth"], out _));
        Assert.True(RtspAuthorization.TryParse(a.CreateAuthorization("SETUP", "rtsp://x/t1"), out var parsed));
        Assert.Equal("MD5-sess", parsed.Algorithm);
        Assert.Equal(DigestVerifyResult.Valid, DigestVerifier.Verify(parsed, "SETUP", DigestVerifier.ComputeHa1(DigestAlgorithm.Md5Sess, "u", "r", "p"), "r", "n"));
    }

    [Theory]
    [InlineData("Basic abc")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", algorithm=SHA-512-256")]
    public void Verifier_rejects_malformed(string header)
    {
        Assert.True(RtspAuthorization.TryParse(header, out var parsed));
        Assert.Equal(DigestVerifyResult.Malformed, DigestVerifier.Verify(parsed, "DESCRIBE", "00", "r", "n"));
    }
}
