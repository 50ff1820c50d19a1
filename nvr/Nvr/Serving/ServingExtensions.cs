namespace Nvr.Serving;

/// <summary>Registration of the live servers, so <c>Program</c> stays a list of one-liners.</summary>
public static class ServingExtensions
{
    /// <summary>The RTSP server as a hosted service (binds at start; see <see cref="RtspHostedService"/>).</summary>
    public static IServiceCollection AddRtspServing(this IServiceCollection services)
    {
        services.AddSingleton<RtspHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<RtspHostedService>());
        return services;
    }
}
