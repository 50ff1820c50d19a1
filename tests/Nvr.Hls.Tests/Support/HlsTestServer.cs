using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1:&lt;free port&gt; serving <c>GET /live/&lt;camera&gt;/&lt;path&gt;</c> from an
/// <see cref="HlsMuxerHost"/> (camera = feed path), as the nvr executable will. Every response
/// is logged (path, status, time) so tests can assert what real clients (ffmpeg, hls.js) got.
/// </summary>
public sealed class HlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HlsTestServer(WebApplication app, HlsMuxerHost host, string baseUrl)
    {
        _app = app;
        Host = host;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HlsMuxerHost Host { get; }
    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public ConcurrentQueue<(string Path, int Status, TimeSpan Elapsed)> Log { get; } = new();

    public string Url(string camera, string path) => $"{BaseUrl}/live/{camera}/{path}";

    public static async Task<HlsTestServer> StartAsync(HlsMuxerHost host)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        HlsTestServer? server = null;
        app.Run(async context =>
        {
            var started = Stopwatch.GetTimestamp();
            var path = context.Request.Path.Value ?? "";
            const string prefix = "/live/";
            int slash = path.StartsWith(prefix, StringComparison.Ordinal) ? path.IndexOf('/', prefix.Length) : -1;
            if (slash < 0)
            {
                context.Response.StatusCode = 404;
                return;
            }
            var camera = path[prefix.Length..slash];
            HlsResponse response;
            try
            {
                response = await host.HandleAsync(camera, path[(slash + 1)..], context.Request.QueryString.Value, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            context.Response.StatusCode = response.StatusCode;
            context.Response.ContentType = response.ContentType;
            context.Response.Headers.CacheControl = response.CacheControl;
            context.Response.ContentLength = response.ContentLength;
            server!.Log.Enqueue((path + context.Request.QueryString.Value, response.StatusCode, Stopwatch.GetElapsedTime(started)));
            try
            {
                await response.WriteToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new HlsTestServer(app, host, address.TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
