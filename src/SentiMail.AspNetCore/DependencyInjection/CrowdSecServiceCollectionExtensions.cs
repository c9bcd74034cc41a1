using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.CrowdSec;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CrowdSec bouncer.</summary>
public static class CrowdSecServiceCollectionExtensions
{
    /// <summary>
    /// Registers the CrowdSec bouncer with its options, validated at host start with every error listed. Safe to call
    /// more than once: each call adds its <paramref name="configure"/>, services are registered once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="CrowdSecBouncerOptions.LapiUrl"/>, <see cref="CrowdSecBouncerOptions.ApiKey"/> and the rest.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddSentiMailCrowdSec(o =>
    /// {
    ///     o.LapiUrl = new Uri("http://127.0.0.1:8080/");
    ///     o.ApiKey = builder.Configuration["CrowdSec:ApiKey"];
    ///     o.Mode = CrowdSecBouncerMode.Stream;
    /// });
    /// // ...
    /// app.UseForwardedHeaders();   // configured to trust only your proxies
    /// app.UseSentiMailCrowdSec();
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailCrowdSec(this IServiceCollection services, Action<CrowdSecBouncerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return services.AddSentiMailCrowdSec();
    }

    /// <summary>
    /// Registers the CrowdSec bouncer; its <see cref="CrowdSecBouncerOptions"/> are configured elsewhere (for example
    /// <c>services.AddOptions&lt;CrowdSecBouncerOptions&gt;().Bind(section)</c>). Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddSentiMailCrowdSec(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(CrowdSecBouncerMarker)))
        {
            return services;
        }

        services.AddSingleton<CrowdSecBouncerMarker>();
        services.AddOptions<CrowdSecBouncerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrowdSecBouncerOptions>, CrowdSecBouncerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(CrowdSecLapiClient.HttpClientName).ConfigureHttpClient((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<CrowdSecBouncerOptions>>().Value;
            if (options.LapiUrl is { IsAbsoluteUri: true } url)
            {
                // A trailing slash keeps a path prefix (http://host/crowdsec/) when relative URIs are resolved.
                client.BaseAddress = url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + '/' }.Uri;
            }

            client.Timeout = Timeout.InfiniteTimeSpan; // Each call has its own budget (RequestTimeout, StreamRequestTimeout).
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", options.ApiKey);
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SentiMail-CrowdSec-Bouncer", "0.1"));
        });
        services.TryAddSingleton<CrowdSecLapiClient>();
        services.TryAddSingleton<LiveDecisionSource>();
        services.TryAddSingleton<CrowdSecDecisionStore>();
        services.TryAddSingleton<ICrowdSecDecisionSource>(provider =>
            provider.GetRequiredService<IOptions<CrowdSecBouncerOptions>>().Value.Mode == CrowdSecBouncerMode.Stream
                ? provider.GetRequiredService<CrowdSecDecisionStore>()
                : provider.GetRequiredService<LiveDecisionSource>());
        services.AddHostedService<CrowdSecStreamService>();
        return services;
    }
}

/// <summary>Marks that <c>AddSentiMailCrowdSec</c> ran (idempotence, and a clear error from <c>UseSentiMailCrowdSec</c>).</summary>
internal sealed class CrowdSecBouncerMarker;
