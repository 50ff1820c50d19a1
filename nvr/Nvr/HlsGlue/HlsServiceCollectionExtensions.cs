using Nvr.Hls;

namespace Nvr.HlsGlue;

/// <summary>Registers live HLS: the hosted muxer host and the <see cref="HlsMuxerHost"/> the endpoints use.</summary>
public static class HlsServiceCollectionExtensions
{
    public static IServiceCollection AddLiveHls(this IServiceCollection services)
    {
        services.AddSingleton<HlsHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<HlsHostedService>());
        services.AddSingleton(sp => sp.GetRequiredService<HlsHostedService>().Host);
        return services;
    }
}
