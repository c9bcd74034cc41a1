using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Protection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures trusted forwarded headers.</summary>
public static class SentiMailForwardedHeadersServiceCollectionExtensions
{
    /// <summary>
    /// Configures ASP.NET Core's <see cref="ForwardedHeadersOptions"/> so that <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are honoured only from the trusted proxies and networks of
    /// <see cref="SentiMailForwardedHeadersOptions"/> (validated at start; the default loopback entries are removed).
    /// Then call <c>app.UseForwardedHeaders()</c> first in the pipeline, before rate limiting, IP rules and CrowdSec.
    /// Safe to call several times; <paramref name="configure"/> calls accumulate.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">The trusted proxies and networks.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSentiMailForwardedHeaders(o => o.TrustedNetworks.Add("10.0.0.0/8"));
    /// app.UseForwardedHeaders();
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailForwardedHeaders(this IServiceCollection services, Action<SentiMailForwardedHeadersOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = services.AddOptions<SentiMailForwardedHeadersOptions>().Configure(configure);
        if (!services.Any(d => d.ServiceType == typeof(SentiMailForwardedHeadersMarker)))
        {
            services.AddSingleton<SentiMailForwardedHeadersMarker>();
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailForwardedHeadersOptions>, SentiMailForwardedHeadersOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ForwardedHeadersOptions>, ConfigureForwardedHeadersFromSentiMail>());
        }

        return services;
    }

    /// <summary>Marks the collection as configured by <c>AddSentiMailForwardedHeaders</c>.</summary>
    internal sealed class SentiMailForwardedHeadersMarker;
}
