using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Nvr.EndToEnd.Tests.Serving;

/// <summary>
/// A minimal RTSP/1.0 request-response client over one TCP connection (RFC 2326 §6-7), with
/// Digest MD5 (RFC 7616 §3.4) answers — enough to check statuses and challenges exactly.
/// </summary>
internal sealed class RawRtspClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _cseq;

    private RawRtspClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _stream.ReadTimeout = 5000;
    }

    public static async Task<RawRtspClient> ConnectAsync(int port, IPAddress? from = null)
    {
        var tcp = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawRtspClient(tcp);
    }

    public sealed record Response(int Status, Dictionary<string, List<string>> Headers)
    {
        public IEnumerable<string> All(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : [];
    }

    public async Task<Response> RequestAsync(string method, string url, string? authorization = null)
    {
        var sb = new StringBuilder($"{method} {url} RTSP/1.0\r\nCSeq: {++_cseq}\r\nUser-Agent: nvr-e2e\r\n");
        if (authorization is not null) sb.Append($"Authorization: {authorization}\r\n");
        sb.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
        return await ReadResponseAsync();
    }

    /// <summary>DESCRIBE, and again with a Digest MD5 answer to the challenge if the first is refused.</summary>
    public async Task<Response> DescribeWithDigestAsync(string url, string user, string password)
    {
        var first = await RequestAsync("DESCRIBE", url);
        if (first.Status != 401) return first;
        var challenge = first.All("WWW-Authenticate").Last(c => c.StartsWith("Digest", StringComparison.Ordinal) && !c.Contains("SHA-256", StringComparison.Ordinal));
        string realm = Param(challenge, "realm"), nonce = Param(challenge, "nonce");
        string ha1 = Md5($"{user}:{realm}:{password}"), ha2 = Md5($"DESCRIBE:{url}");
        string cnonce = "0a4f113b", nc = "00000001";
        string response = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
        return await RequestAsync("DESCRIBE", url,
            $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{url}\", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"");
    }

    private async Task<Response> ReadResponseAsync()
    {
        var text = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int headerEnd;
        while ((headerEnd = text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            int n = await _stream.ReadAsync(_buffer, cts.Token);
            if (n == 0) throw new IOException("connection closed before a response");
            text.Append(Encoding.Latin1.GetString(_buffer, 0, n));
        }
        var lines = text.ToString()[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, List<string>>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim().ToLowerInvariant();
            if (!headers.TryGetValue(name, out var list)) headers[name] = list = [];
            list.Add(line[(colon + 1)..].Trim());
        }
        int length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
        int have = text.Length - headerEnd - 4;
        while (have < length)
        {
            int n = await _stream.ReadAsync(_buffer.AsMemory(0, Math.Min(_buffer.Length, length - have)), cts.Token);
            if (n == 0) break;
            have += n;
        }
        return new Response(status, headers);
    }

    private static string Param(string challenge, string name) => Regex.Match(challenge, name + "=\"([^\"]*)\"").Groups[1].Value;

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
