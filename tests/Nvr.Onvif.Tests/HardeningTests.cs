using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Nvr.Onvif.Soap;
using Nvr.Onvif.Tests.Simulator;

namespace Nvr.Onvif.Tests;

/// <summary>
/// Hostile or broken devices: oversize, DTD/entity, deep, flooded or non-SOAP answers are refused
/// with typed errors and bounded memory, both by the loader and through HTTP.
/// Runs alone (its allocation check reads the process-wide counter).
/// </summary>
[Collection(nameof(HardeningTests))]
public sealed class HardeningTests
{
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    private static byte[] Envelope(string body) => Encoding.UTF8.GetBytes($"<s:Envelope xmlns:s=\"{Soap12}\"><s:Body>{body}</s:Body></s:Envelope>");

    [Theory]
    [InlineData("billion laughs", OnvifResponseError.InvalidXml)]
    [InlineData("external entity", OnvifResponseError.InvalidXml)]
    [InlineData("deep", OnvifResponseError.TooDeep)]
    [InlineData("flood", OnvifResponseError.TooManyElements)]
    [InlineData("large", OnvifResponseError.TooLarge)]
    [InlineData("truncated", OnvifResponseError.InvalidXml)]
    [InlineData("html", OnvifResponseError.NotSoap)]
    [InlineData("no body", OnvifResponseError.NotSoap)]
    [InlineData("two roots", OnvifResponseError.InvalidXml)]
    public void Loader_refuses_hostile_documents_with_a_typed_error(string kind, OnvifResponseError expected)
    {
        byte[] doc = kind switch
        {
            "billion laughs" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><s:Envelope xmlns:s=\"" + Soap12 + "\"><s:Body>&c;</s:Body></s:Envelope>"),
            "external entity" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><s:Envelope xmlns:s=\"" + Soap12 + "\"><s:Body>&x;</s:Body></s:Envelope>"),
            "deep" => Envelope(string.Concat(Enumerable.Repeat("<a>", 60)) + string.Concat(Enumerable.Repeat("</a>", 60))),
            "flood" => Envelope(string.Concat(Enumerable.Repeat("<a/>", 20_001))),
            "large" => Envelope(new string('x', 1024 * 1024)),
            "truncated" => Envelope("<a>x</a>")[..40],
            "html" => "<html><body>Unauthorized</body></html>"u8.ToArray(),
            "no body" => Encoding.UTF8.GetBytes($"<s:Envelope xmlns:s=\"{Soap12}\"><s:Header/></s:Envelope>"),
            _ => Encoding.UTF8.GetBytes($"<s:Envelope xmlns:s=\"{Soap12}\"><s:Body/></s:Envelope><x/>"),
        };

        var e = Assert.Throws<OnvifMalformedResponseException>(() => SoapResponseReader.ReadBody(doc, XmlLimits.Default));
        Assert.Equal(expected, e.Error);
    }

    [Fact]
    public void Depth_and_size_limits_are_inclusive_of_realistic_documents()
    {
        var ok = Envelope(string.Concat(Enumerable.Repeat("<a>", 40)) + string.Concat(Enumerable.Repeat("</a>", 40)));
        var body = SoapResponseReader.ReadBody(ok, XmlLimits.Default);
        Assert.Equal("a", body.Children[0].LocalName);
    }

    private static (SimulatorHttpServer Server, Uri Uri) RawServer(Func<SimulatorHttpRequest, SimulatorHttpResponse> respond) =>
        RawServer((r, _) => Task.FromResult(respond(r)));

    /// <summary>A bare HTTP server on 127.0.0.1 answering every request with <paramref name="respond"/>.</summary>
    private static (SimulatorHttpServer Server, Uri Uri) RawServer(Func<SimulatorHttpRequest, CancellationToken, Task<SimulatorHttpResponse>> respond)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        var server = new SimulatorHttpServer(listener, respond);
        return (server, new Uri($"http://127.0.0.1:{server.LocalEndPoint.Port}/onvif/device_service"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversize_body_is_refused_while_reading_with_bounded_memory(bool closeDelimited)
    {
        // 8 MiB of well-formed SOAP: refused at 1 MiB, declared (Content-Length) or not.
        var huge = Envelope("<tds:GetDeviceInformationResponse xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\"><tds:Model>" + new string('x', 8 * 1024 * 1024) + "</tds:Model></tds:GetDeviceInformationResponse>");
        var (server, uri) = RawServer(_ => new SimulatorHttpResponse(200, "application/soap+xml", huge) { CloseDelimited = closeDelimited });
        await using (server)
        {
            using var http = new HttpClient();
            var device = new OnvifDevice(http, uri, null);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var e = await Assert.ThrowsAsync<OnvifMalformedResponseException>(() => device.GetDeviceInformationAsync());
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal(OnvifResponseError.TooLarge, e.Error);
            Assert.True(allocated < 6 * 1024 * 1024, $"allocated {allocated} bytes for a refused 8 MiB body");
        }
    }

    [Fact]
    public async Task An_html_error_page_is_a_transport_error_with_the_status()
    {
        var (server, uri) = RawServer(_ => new SimulatorHttpResponse(404, "text/html", "<html><body>Not Found</body></html>"u8.ToArray()));
        await using (server)
        {
            using var http = new HttpClient();
            var e = await Assert.ThrowsAsync<OnvifTransportException>(() => new OnvifDevice(http, uri, null).GetDeviceInformationAsync());
            Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        }
    }

    [Fact]
    public async Task A_200_with_html_is_a_malformed_response()
    {
        var (server, uri) = RawServer(_ => new SimulatorHttpResponse(200, "text/html", "<html><body>login</body></html>"u8.ToArray()));
        await using (server)
        {
            using var http = new HttpClient();
            var e = await Assert.ThrowsAsync<OnvifMalformedResponseException>(() => new OnvifDevice(http, uri, null).GetDeviceInformationAsync());
            Assert.Equal(OnvifResponseError.NotSoap, e.Error);
        }
    }

    [Fact]
    public async Task A_device_that_drops_the_connection_is_a_transport_error()
    {
        var (server, uri) = RawServer(_ => throw new OperationCanceledException());
        await using (server)
        {
            using var http = new HttpClient();
            var e = await Assert.ThrowsAsync<OnvifTransportException>(() => new OnvifDevice(http, uri, null).GetDeviceInformationAsync());
            Assert.Null(e.StatusCode);
        }
    }

    [Fact]
    public async Task A_device_that_never_answers_times_out_as_a_transport_error()
    {
        var (server, uri) = RawServer(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new OperationCanceledException();
        });
        await using (server)
        {
            using var http = new HttpClient();
            var device = new OnvifDevice(http, uri, null, options: new OnvifClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
            var e = await Assert.ThrowsAsync<OnvifTransportException>(() => device.GetDeviceInformationAsync());
            Assert.Contains("no answer within 1 s", e.Message, StringComparison.Ordinal);
        }
    }
}
