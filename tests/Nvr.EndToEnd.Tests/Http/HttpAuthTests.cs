using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Nvr.EndToEnd.Tests.Support;
using Nvr.Testing;

namespace Nvr.EndToEnd.Tests.Http;

/// <summary>
/// Every HTTP route but /healthz authenticates against the configured users (RFC 7235): Digest
/// challenges strongest first, Basic only when enabled, repeated failures throttled. Checked with
/// .NET's HttpClient and with curl as the third-party client.
/// </summary>
public sealed class HttpAuthTests
{
    [Fact]
    public async Task Api_needs_digest_credentials_and_throttles_guessers()
    {
        using var config = new NvrConfig();
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var anonymous = new HttpClient { BaseAddress = config.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        await NvrHealth.WaitAsync(anonymous, TimeSpan.FromSeconds(20));

        // Liveness stays open for load balancers and systemd-style probes.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("healthz")).StatusCode);

        using var challenge = await anonymous.GetAsync("api/version");
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var schemes = challenge.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        Assert.Equal(2, schemes.Count);
        Assert.StartsWith("Digest ", schemes[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=SHA-256", schemes[0], StringComparison.Ordinal);
        Assert.Contains("realm=\"nvr\"", schemes[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", schemes[1], StringComparison.Ordinal);

        using (var http = config.CreateHttpClient(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/version")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/cameras")).StatusCode);
        }

        var right = config.Credential;
        Assert.Equal("200", await CurlAsync(config, $"{right.UserName}:{right.Password}", "--digest"));
        // Basic is off by default: the password would cross the network in clear.
        using (var basic = new HttpRequestMessage(HttpMethod.Get, "api/version"))
        {
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{right.UserName}:{right.Password}")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(basic)).StatusCode);
        }

        // Five wrong passwords from one address block it (429 + Retry-After), even for the right one.
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("401", await CurlAsync(config, $"{right.UserName}:wrong-password-{i}", "--digest"));
        }
        using var blocked = await anonymous.GetAsync("api/version");
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on 429");
        Assert.Equal("429", await CurlAsync(config, $"{right.UserName}:{right.Password}", "--digest"));
        Assert.Contains("wrong credentials for user 'e2e'", nvr.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(right.Password, nvr.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_and_anonymous_only_when_enabled()
    {
        using var config = new NvrConfig(json => json["Http"]!["AllowBasic"] = true);
        await using var nvr = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        using var anonymous = new HttpClient { BaseAddress = config.HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        await NvrHealth.WaitAsync(anonymous, TimeSpan.FromSeconds(20));
        using var challenge = await anonymous.GetAsync("api/version");
        Assert.Contains(challenge.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        var right = config.Credential;
        Assert.Equal("200", await CurlAsync(config, $"{right.UserName}:{right.Password}", "--basic"));
        await nvr.DisposeAsync();

        config.Json["Http"]!["AllowAnonymous"] = true;
        config.Save();
        await using var open = NvrProcess.Start(NvrBinary.HostRid, ["--config", config.Path]);
        await NvrHealth.WaitAsync(anonymous, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/version")).StatusCode);
    }

    /// <summary>curl's HTTP status for GET /api/version with <paramref name="userPass"/>.</summary>
    private static async Task<string> CurlAsync(NvrConfig config, string userPass, string scheme)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", scheme, "-u", userPass, new Uri(config.HttpBase, "api/version").ToString() })
        {
            psi.ArgumentList.Add(a);
        }
        using var curl = Process.Start(psi)!;
        var code = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return code.Trim();
    }
}
