using Nvr.Configuration;

namespace Nvr.OnvifGlue;

/// <summary>The ONVIF wiring of the executable, kept out of Program.cs.</summary>
public static class OnvifServiceCollectionExtensions
{
    public static IServiceCollection AddNvrOnvif(this IServiceCollection services, string configPath)
    {
        services.AddSingleton(new ConfigFilePath(configPath));
        services.AddSingleton<OnvifCameras>();
        services.AddHostedService(sp => sp.GetRequiredService<OnvifCameras>());
        services.AddSingleton<OnvifPtz>();
        services.AddSingleton<OnvifDiscovery>();
        services.AddSingleton<OnvifCameraSetup>();
        return services;
    }
}
