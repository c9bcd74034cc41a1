using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the analysis HTTP API.</summary>
public static class SentiMailApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SentiMail engine (<c>AddSentiMail()</c>) and validated <see cref="SentiMailApiOptions"/>, checked at
    /// start. Safe to call several times: services are added once and <paramref name="configure"/> calls accumulate.
    /// An <see cref="IAnalysisStore"/> must be registered too (for tests and samples, <see cref="InMemoryAnalysisStore"/>),
    /// and the SentiMail policies (<c>AddSentiMailAuthorization()</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default options, if any.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSingleton&lt;IAnalysisStore, MyDatabaseAnalysisStore&gt;();
    /// services.AddSentiMailApi(o => o.MaxPageSize = 50);
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailApi(this IServiceCollection services, Action<SentiMailApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSentiMail();
        var options = services.AddOptions<SentiMailApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(SentiMailApiMarker)))
        {
            services.AddSingleton<SentiMailApiMarker>();
            SentiMail.AspNetCore.OpenApi.SentiMailRequestBodyTransformer.Register(services);
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailApiOptions>, SentiMailApiOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<IAnalysisStore>(_ => throw new InvalidOperationException(
                "No IAnalysisStore is registered. Register one, e.g. services.AddSingleton<IAnalysisStore, InMemoryAnalysisStore>() for tests and samples."));
        }

        return services;
    }

    /// <summary>Marks the collection as holding the API services; <c>MapSentiMail()</c> checks for it.</summary>
    internal sealed class SentiMailApiMarker;
}
