using Nvr.Cameras;
using Nvr.Ingest;

namespace Nvr.Serving;

/// <summary>Registers the RTMP server, RTMP publish sources and HTTP-FLV (kept out of Program.cs so merges stay small).</summary>
public static class ServingExtensions
{
    /// <summary>Call instead of registering <see cref="RtspIngestFactory"/> as the <see cref="IStreamIngestFactory"/>.</summary>
    public static IServiceCollection AddRtmpServing(this IServiceCollection services)
    {
        services.AddSingleton<RtspIngestFactory>();
        services.AddSingleton<RtmpPublishSources>();
        services.AddSingleton<IStreamIngestFactory>(sp => sp.GetRequiredService<RtmpPublishSources>());
        services.AddSingleton<NvrRtmpResolver>();
        services.AddSingleton<RtmpHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<RtmpHostedService>());
        return services;
    }

    public static void MapHttpFlv(this WebApplication app) => HttpFlvEndpoints.Map(app);
}
