using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Protection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SentiMail's rate-limiting policy.</summary>
public static class SentiMailRateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Adds ASP.NET Core rate limiting with the <see cref="SentiMailRateLimits.Submit"/> policy, partitioned per API key,
    /// else per user, else per client IP (the anonymous quota, 5 a day by default), each with its own limit from
    /// <see cref="SentiMailRateLimitOptions"/> (validated at start). Rejections answer 429 with a ProblemDetails body
    /// and <c>Retry-After</c>. Other policies and the global limiter of <c>RateLimiterOptions</c> are left alone.
    /// Safe to call several times: the policy is added once and <paramref name="configure"/> calls accumulate.
    /// Also call <c>app.UseRateLimiter()</c> after <c>UseAuthentication()</c> (so the key and user are known) and apply
    /// the policy with <c>RequireSentiMailRateLimit()</c>. The windows are kept by the <see cref="SentiMailSubmitQuota"/>
    /// singleton, which an upload handled outside the middleware (a web form) uses to count against the same windows.
    /// The client IP is <c>Connection.RemoteIpAddress</c>: behind a
    /// proxy, use <c>AddSentiMailForwardedHeaders</c> so that only trusted proxies can set it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default limits, if any.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSentiMailRateLimiting(o => o.PerIpPermitLimit = 10);
    /// app.UseAuthentication();
    /// app.UseRateLimiter();
    /// app.MapSentiMail("/api/v1").RequireSentiMailRateLimit();
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailRateLimiting(this IServiceCollection services, Action<SentiMailRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SentiMailRateLimitOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(SentiMailRateLimitingMarker)))
        {
            services.AddSingleton<SentiMailRateLimitingMarker>();
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailRateLimitOptions>, SentiMailRateLimitOptionsValidator>());
            services.TryAddSingleton<SentiMailSubmitQuota>();
            services.AddRateLimiter(o => o.AddPolicy<string, SentiMailSubmitRateLimiterPolicy>(SentiMailRateLimits.Submit));
        }

        return services;
    }

    /// <summary>Marks the collection as holding the SentiMail rate-limiting policy.</summary>
    internal sealed class SentiMailRateLimitingMarker;
}
