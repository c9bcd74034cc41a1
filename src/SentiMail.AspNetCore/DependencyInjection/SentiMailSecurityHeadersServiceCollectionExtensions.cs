using SentiMail.AspNetCore.Protection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures SentiMail's security headers.</summary>
public static class SentiMailSecurityHeadersServiceCollectionExtensions
{
    /// <summary>
    /// Configures the headers added by <c>app.UseSentiMailSecurityHeaders()</c>. Optional: without it the defaults of
    /// <see cref="SentiMailSecurityHeadersOptions"/> apply. Safe to call several times; <paramref name="configure"/> calls accumulate.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default headers.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddSentiMailSecurityHeaders(this IServiceCollection services, Action<SentiMailSecurityHeadersOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SentiMailSecurityHeadersOptions>().Configure(configure);
        return services;
    }
}
