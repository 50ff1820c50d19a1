using System.Net;
using Nvr.Configuration;
using Nvr.Rtsp.Auth;
using Nvr.Security;

namespace Nvr.Http;

/// <summary>
/// Authentication of every HTTP request but <c>GET /healthz</c> and CORS preflights (RFC 7235 §4.1:
/// 401 with WWW-Authenticate). The same <see cref="DigestAuthenticator"/> as the RTSP server checks
/// Digest SHA-256/MD5 (RFC 7616), Basic only when <c>Http:AllowBasic</c> is set, anonymous only when
/// <c>Http:AllowAnonymous</c> is set; an address that keeps failing gets 429 with Retry-After
/// (RFC 6585 §4) for a while. The user name goes to <see cref="HttpContext.Items"/> under
/// <see cref="UserKey"/>.
/// </summary>
public sealed partial class HttpAuthentication
{
    /// <summary>Key of the authenticated user's name in <see cref="HttpContext.Items"/>.</summary>
    public const string UserKey = "nvr.user";

    private readonly DigestAuthenticator _authenticator;
    private readonly ILogger<HttpAuthentication> _logger;

    public HttpAuthentication(NvrOptions options, UserStore users, TimeProvider time, ILogger<HttpAuthentication> logger)
    {
        // Same nonce lifetime and fail2ban-style limits as the RTSP server's defaults (RtspServerOptions).
        var policy = new DigestAuthPolicy(UserStore.Realm, options.Http.AllowAnonymous, options.Http.AllowBasic,
            NonceLifetime: TimeSpan.FromSeconds(300), MaxAuthFailures: 5, AuthFailureWindow: TimeSpan.FromSeconds(60),
            AuthBlockDuration: TimeSpan.FromSeconds(60));
        _authenticator = new DigestAuthenticator(policy, users, time);
        _logger = logger;
    }

    public static void Use(WebApplication app)
    {
        var auth = app.Services.GetRequiredService<HttpAuthentication>();
        app.Use((context, next) => auth.InvokeAsync(context, next));
    }

    private Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsOptions(request.Method) || request.Path.Equals("/healthz", StringComparison.Ordinal)) return next(context);

        var remote = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var outcome = _authenticator.Authenticate(request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null,
            request.Method, remote, out var user, out var retryAfter);
        switch (outcome)
        {
            case AuthOutcome.Allowed:
                if (user is not null) context.Items[UserKey] = user;
                return next(context);
            case AuthOutcome.Throttled:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = DigestAuthenticator.RetryAfter(retryAfter);
                return Task.CompletedTask;
            case AuthOutcome.Failed:
                LogFailed(_logger, remote, user ?? "");
                break;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = _authenticator.Challenges(stale: outcome == AuthOutcome.Stale);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP: wrong credentials for user '{User}' from {Remote}")]
    private static partial void LogFailed(ILogger logger, IPAddress remote, string user);
}
