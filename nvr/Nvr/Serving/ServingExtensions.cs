using Nvr.Cameras;
using Nvr.Ingest;

namespace Nvr.Serving;

/// <summary>Registration of the live servers, so <c>Program</c> stays a list of one-liners.</summary>
public static class ServingExtensions
{
    /// <summary>
    /// The RTMP server, RTMP publish sources and HTTP-FLV. Call instead of registering
    /// <see cref="RtspIngestFactory"/> as the <see cref="IStreamIngestFactory"/>.
    /// </summary>
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

    /// <summary>The RTSP server as a hosted service (binds at start; see <see cref="RtspHostedService"/>).</summary>
    public static IServiceCollection AddRtspServing(this IServiceCollection services)
    {
        services.AddSingleton<RtspHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<RtspHostedService>());
        return services;
    }
}
