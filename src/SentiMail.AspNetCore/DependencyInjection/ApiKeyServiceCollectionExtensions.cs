using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.ApiKeys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the API-key service.</summary>
public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ApiKeyService"/> and validated <see cref="ApiKeyOptions"/>. Safe to call several times:
    /// services are added once and <paramref name="configure"/> calls accumulate. An <see cref="IApiKeyStore"/> must be
    /// registered too (for tests and samples, <see cref="InMemoryApiKeyStore"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default options, if any.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSingleton&lt;IApiKeyStore, MyDatabaseKeyStore&gt;();
    /// services.AddSentiMailApiKeys(o => o.Pepper = builder.Configuration["ApiKeys:Pepper"]);
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailApiKeys(this IServiceCollection services, Action<ApiKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApiKeyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(ApiKeyMarker)))
        {
            services.AddSingleton<ApiKeyMarker>();
            SentiMail.AspNetCore.OpenApi.SentiMailRequestBodyTransformer.Register(services);
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<IApiKeyStore>(_ => throw new InvalidOperationException(
                "No IApiKeyStore is registered. Register one, e.g. services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>() for tests and samples."));
            services.TryAddSingleton<ApiKeyService>();
        }

        return services;
    }

    private sealed class ApiKeyMarker;
}
