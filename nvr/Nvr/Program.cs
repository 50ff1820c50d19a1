using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Nvr;
using Nvr.Configuration;
using Nvr.Cameras;
using Nvr.Events;
using Nvr.MqttGlue;
using Nvr.OnvifGlue;
using Nvr.RecordingGlue;
using Nvr.Security;
using Nvr.Hosting;
using Nvr.HlsGlue;
using Nvr.Serving;
using Nvr.Http;
using Nvr.Ingest;
using Nvr.Recording.Index;
using Nvr.Streaming;
using Nvr.Streaming.Events;

// Exit codes: 0 ok, 1 runtime failure, 64 usage (EX_USAGE), 78 configuration (EX_CONFIG;
// the systemd unit does not restart on 78: a bad config will not fix itself).
const int ExitUsage = 64;
const int ExitConfig = 78;

CommandLine cmd;
try
{
    cmd = CommandLine.Parse(args, Environment.GetEnvironmentVariable("NVR_CONFIG"));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"nvr: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return ExitUsage;
}
if (cmd.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
if (cmd.ShowVersion)
{
    Console.WriteLine($"nvr {BuildInfo.Version}");
    return 0;
}

NvrOptions options;
try
{
    options = ConfigLoader.Load(cmd.ConfigPath);
}
catch (ConfigException e)
{
    Console.Error.WriteLine($"nvr: invalid configuration: {e.Message}");
    return ExitConfig;
}
if (cmd.CheckOnly)
{
    Console.WriteLine($"nvr: configuration ok: {cmd.ConfigPath}");
    return 0;
}

var time = TimeProvider.System;
if (cmd.DumpIndex) return Nvr.Maintenance.IndexTool.Dump(options, time);
if (cmd.VerifyIndex) return Nvr.Maintenance.IndexTool.Verify(options, time);
IndexDatabase index;
long boots;
try
{
    Directory.CreateDirectory(options.DataDir);
    index = IndexDatabase.Open(Path.Combine(options.DataDir, "nvr.db"), time);
    boots = index.RecordBoot(time.GetUtcNow().UtcDateTime);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or LiteDB.LiteException)
{
    Console.Error.WriteLine($"nvr: DataDir: cannot open the index under '{options.DataDir}': {e.Message.ReplaceLineEndings(" ")}");
    return ExitConfig;
}

using (index)
{
    var state = new NvrState(options, index, boots, time.GetUtcNow());
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.Logging.ClearProviders();
    if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
    {
        builder.Logging.AddSystemdConsole(o => o.TimestampFormat = null);
    }
    else
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
    }
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

    // SIGTERM must end the process within systemd's and the smoke test's budget (5 s).
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
    builder.WebHost.ConfigureKestrel(k =>
    {
        k.AddServerHeader = false;
        k.Listen(IPAddress.Parse(options.Http.Address), options.Http.Port);
    });
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NvrJsonContext.Default));
    builder.Services.AddSingleton(time);
    builder.Services.AddSingleton(index);
    // Built now: it drops the plaintext passwords from the options.
    builder.Services.AddSingleton(new UserStore(options));
    builder.Services.AddSingleton<HttpAuthentication>();
    builder.Services.AddSingleton(state);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton<Readiness>();
    builder.Services.AddHostedService<SystemdNotifyService>();
    builder.Services.AddSingleton(_ => new FeedRegistry(timeProvider: time));
    builder.Services.AddSingleton<EventBus>();
    builder.Services.AddRtmpServing(); // the IStreamIngestFactory: RTSP cameras and RTMP publish sources
    builder.Services.AddSingleton<CameraManager>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<CameraManager>());
    builder.Services.AddSingleton<RecordingSwitch>();
    builder.Services.AddSingleton<EventStore>();
    builder.Services.AddHostedService<EventIndexer>();
    builder.Services.AddSingleton<ExternalEvents>();
    builder.Services.AddSingleton<NvrMqttStateSource>();
    builder.Services.AddSingleton<NvrMqttCommandHandler>();
    builder.Services.AddSingleton<NvrMqttStatsSource>();
    builder.Services.AddSingleton<NvrMqttUserValidator>();
    builder.Services.AddSingleton<RecordingHostedService>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingHostedService>());
    builder.Services.AddSingleton<MqttHostedService>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttHostedService>());
    builder.Services.AddLiveHls();
    builder.Services.AddRtspServing();
    builder.Services.AddNvrOnvif(cmd.ConfigPath);

    var app = builder.Build();
    HttpAuthentication.Use(app);
    HealthEndpoints.Map(app, state);
    CameraEndpoints.Map(app);
    EventEndpoints.Map(app);
    RecordingEndpoints.Map(app);
    HlsEndpoints.Map(app);
    app.MapHttpFlv();
    SessionEndpoints.Map(app);
    OnvifEndpoints.Map(app);

    try
    {
        await app.RunAsync().ConfigureAwait(false);
    }
    catch (IOException e) when (e.InnerException is SocketException or AddressInUseException)
    {
        Console.Error.WriteLine($"nvr: Http:Port: cannot listen on {options.Http.Address}:{options.Http.Port}: {e.Message}");
        return 1;
    }
    catch (ListenerBindException e)
    {
        Console.Error.WriteLine($"nvr: {e.Message}");
        return 1;
    }
}
return 0;
