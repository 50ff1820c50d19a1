using System.Security.Cryptography;
using System.Text;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Tests;

/// <summary>WS-UsernameToken digest and HTTP Digest against published vectors.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public void Rfc2617_md5_qop_auth_example()
    {
        // RFC 2617 §3.5.
        var challenge = HttpDigestChallenge.Parse("realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")!;
        var header = challenge.CreateAuthorization("GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1);
        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header, StringComparison.Ordinal);
        Assert.Contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\"", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_examples(string algorithm, string expected)
    {
        // RFC 7616 §3.9.1.
        var challenge = HttpDigestChallenge.Parse($"realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")!;
        var header = challenge.CreateAuthorization("GET", "/dir/index.html", "Mufasa", "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        Assert.Contains($"response=\"{expected}\"", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("realm=\"a\"")]
    [InlineData("nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("")]
    public void Unusable_challenges_are_ignored(string parameters) => Assert.Null(HttpDigestChallenge.Parse(parameters));

    [Fact]
    public void Quoted_commas_and_escapes_in_parameters()
    {
        var p = HttpDigestChallenge.ParseParameters("realm=\"a, \\\"b\\\"\", nonce=abc ,stale=FALSE");
        Assert.Equal("a, \"b\"", p["realm"]);
        Assert.Equal("abc", p["nonce"]);
        Assert.Equal("FALSE", p["stale"]);
    }

    [Fact]
    public void Username_token_digest_is_sha1_of_nonce_created_password_in_device_time()
    {
        byte[] nonce = [0x4c, 0x5a, 0x01, 0xff, 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0];
        var deviceNow = new DateTimeOffset(2024, 3, 5, 10, 15, 22, 345, TimeSpan.FromHours(8));
        var token = UsernameToken.Create("admin", "pässword", deviceNow, nonce);

        Assert.Equal("2024-03-05T02:15:22Z", token.Created);
        Assert.Equal(Convert.ToBase64String(nonce), token.Nonce);
        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes("2024-03-05T02:15:22Z"), .. Encoding.UTF8.GetBytes("pässword")]));
        Assert.Equal(expected, token.Digest);
        Assert.NotEqual(expected, UsernameToken.Create("admin", "pässword", deviceNow.AddHours(1), nonce).Digest);
    }

    [Fact]
    public void Each_token_has_a_fresh_nonce()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.NotEqual(UsernameToken.Create("a", "b", now).Nonce, UsernameToken.Create("a", "b", now).Nonce);
    }

    [Fact]
    public void Credentials_do_not_print_the_password()
    {
        Assert.DoesNotContain("secret", new OnvifCredentials("admin", "secret").ToString(), StringComparison.Ordinal);
    }
}
